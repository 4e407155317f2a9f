# 第一条结论为什么排在最前：它的理由，以及排第二的那条的理由。
because-second = 它排在最前，因为{ $why }；其次是{ $second }（{ $second_why }）。
because-common = 它排在最前，只是因为这是这类失败最常见的原因：{ $why }。
because-plain = 它排在最前，因为{ $why }。
short-request-exceeds-capacity = 单次申请过大
short-host-memory = 主机内存
short-kv-cache = 推理服务的 KV cache 预算
short-other-processes = 其他进程
short-fragmentation = 显存碎片
short-near-capacity = 任务放不下
short-non-framework-memory = 分配器之外的显存
short-preallocation = 预分配
short-free-exceeds-request = 有空闲却用不上
short-repeated-oom = 内存泄漏
why-need-share = 存活的张量加上这次申请需要整张卡的 { $share }
why-one-tensor = 一个 { $requested } 的张量就占了整张卡的 { $share }
why-cache-grew-to-fill-card = 分配器的缓存涨到了占满整张卡
why-cache-in-pieces = 分配器缓存里有 { $unallocated } 是空闲的，但碎成了小块
why-workload-most-common-cause = 任务放不下是最常见的原因
why-another-process-may-hold = 可能有其他进程占着这张卡的一部分
why-cache-may-be-fragmented = 分配器的缓存可能碎片化了
why-context-found-no-room = 连 CUDA 上下文都找不到空间，说明这个进程启动前显卡就满了
why-tensorflow-start-up-failed = TensorFlow 启动时占用大部分显存的那次分配失败了
why-tensor-over-tensorflow-budget = 一个张量放不进 TensorFlow 占着的大部分显存
why-others-shrank-tensorflow-budget = 其他进程可能让 TensorFlow 的预算变小了
why-program-over-tpu-memory = 程序放不进 TPU 的内存
why-jax-keeps-a-quarter = JAX 自己够不着四分之一的显存
why-program-over-jax-share = 程序放不进 JAX 能用的那部分显存
why-server-found-too-little-ram = 推理服务检查了主机内存，发现不够
why-server-found-kv-cache-too-large = 推理服务自己的检查发现权重加 KV cache 超出了预算
why-failure-in-host-memory = 失败发生在主机内存，不在 GPU 上
why-library-unmanaged = { $library ->
        [nccl] NCCL 的缓冲区
        [cublas] cuBLAS 的句柄和工作区
       *[cudnn] cuDNN 的句柄和工作区
    }需要的显存不归框架的分配器管
why-workload-may-fill = 任务可能占满了显卡
why-raw-failure-meets-other-process = 原始的 CUDA 分配失败，最常见的是显卡已经被其他进程占着
why-workload-may-not-fit = 任务可能放不进这张卡
why-outside-framework-took-room = 框架分配器之外的显存可能占掉了空间
why-model-host-buffer-over-ram = 模型的主机缓冲区放不进内存
why-offloaded-layers-over-device = offload 的层和上下文放不进显卡
why-workload-does-not-fit = 任务放不下
why-no-batch-size-fits = 没有任何一个 batch size 放得下
why-single-request = 单次申请 { $requested } 就比整张 { $total } 的卡还大
why-free-for-request = 申请 { $requested } 时有 { $free } 空闲
why-device-had-room-host-not = 显卡上还有空间，那么可能是主机端不够
why-table-other-empty = 粘贴的表格里 GPU { $gpu } 已用 { $share }，而 GPU { $free_gpu } 几乎是空的
why-table-full = 粘贴的表格里 GPU { $gpu } 已经满了
why-holds-outside = 本进程在分配器之外占用了 { $outside }
why-programs-share = 其他程序占了整张卡的 { $share }
why-outside-about-context-size = 分配器之外的显存大约就是 CUDA 上下文的大小
why-outside-share = 整张卡有 { $share } 在本进程的分配器之外被占用
why-processes-share = 其他进程占了整张卡的 { $share }
why-grows-like-a-leak = 已分配显存一次比一次多，像是内存泄漏
why-repeats-many-times = 同样的失败反复出现了很多次
why-repeats = 同样的失败反复出现
