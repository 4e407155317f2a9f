# 诊断结论的依据：给出证明它的数字的那句话。数字和单位保持框架打印的样子。
evidence-near-capacity-with-request = 已分配 { $used }，再加上申请的 { $requested }，占了这张 { $total } 显卡的 { $share }
evidence-near-capacity-allocated = 这张 { $total } 的显卡已分配 { $used }（{ $share }）
evidence-near-capacity-allocated-more = 这张 { $total } 的显卡已分配 { $used }（{ $share }），还要再申请 { $requested }
evidence-near-capacity-large-request = 单次申请 { $requested } 就占了这张 { $total } 显卡的 { $share }：输入、batch 或注意力矩阵太大
evidence-near-capacity-cache-peak = 分配器已预留这张 { $total } 显卡中的 { $reserved }：任务在峰值时几乎用满了整张卡
evidence-fragmentation-could-hold = 已预留但未分配的 { $unallocated } 本来放得下申请的 { $requested }
evidence-fragmentation-share = 预留的 { $reserved } 中有 { $unallocated }（{ $share }）没有分配出去
evidence-cut-near-capacity = 最常见的原因是任务本身放不下；报错在给出数字之前就被截断了，请粘贴完整报错，才能用数字诊断
evidence-cut-other-processes = 可能有其他进程占用了这张卡的一部分；报错在给出数字之前就被截断了，请粘贴完整报错，才能用数字诊断
evidence-cut-fragmentation = 分配器的缓存可能有空闲，但碎成了小块；报错在给出数字之前就被截断了，请粘贴完整报错，才能用数字诊断
evidence-lab-pattern = 第 { $line } 行匹配 `{ $pattern }`，这是实验室笔记“{ $note }”里的规则
