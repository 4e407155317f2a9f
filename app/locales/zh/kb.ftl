# 知识库：索引页、某个标签下的页面、单个页面。
kb-heading = 知识库
kb-intro = 各类显存与内存问题的排查指南，以及实验室自己的笔记。
kb-page-count = 共 { $count } 篇。
kb-pages-tagged = 标签为“{ $tag }”的页面共 { $count } 篇。
kb-all-pages = 全部 { $count } 篇 →
kb-untagged = 无标签
kb-none-tagged = 这种语言下没有标签为“{ $tag }”的页面。
kb-see-all-tags = 查看全部标签
kb-previous = ← 上一页
kb-next = 下一页 →
kb-pager = 分页
kb-page-of = 第 { $number } 页，共 { $last } 页
kb-guides-language = 指南语言
lab-badge = 实验室
lab-note-badge = 实验室笔记
lab-note-title = 来自实验室自己的笔记
kb-toc = 目录
kb-related = 相关页面
kb-tags = 标签
read-in-en = 阅读英文版
read-in-zh = 阅读中文版
kb-only-in = 这篇指南只有{ $lang ->
        [zh] 中文
       *[en] 英文
    }版。
not-found-guide = 这篇指南不存在

# 自带指南的标签（链接和编辑表单里仍用英文 id）。
tag-activations = 激活值
tag-allocator = 分配器
tag-apple = Apple 芯片
tag-basics = 基础
tag-batch-size = batch size
tag-containers = 容器
tag-debugging = 调试
tag-fragmentation = 显存碎片
tag-host-memory = 主机内存
tag-inference = 推理
tag-jax = JAX
tag-leaks = 显存泄漏
tag-llm = 大模型
tag-multi-gpu = 多卡
tag-notebooks = Notebook
tag-precision = 精度
tag-rocm = ROCm
tag-serving = 模型部署
tag-tensorflow = TensorFlow
tag-tools = 工具
