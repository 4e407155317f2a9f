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
evidence-non-framework-held = 本进程在分配器之外占用了 { $outside }（占设备的 { $share }）：CUDA 上下文、各种库、其他分配器
evidence-other-programs-unlisted = 设备上有 { $others }（{ $total } 中的 { $share }）被其他程序占用，但报错里没有列出是哪些（其他容器、桌面会话）
evidence-non-framework-context = 设备上有 { $others } 不在分配器里：大约就是 CUDA 上下文和相关库占用的量
evidence-outside-allocator-unlisted = 设备上有 { $others }（{ $total } 中的 { $share }）在本进程的分配器之外被占用，但没有列出其他进程：可能是其他容器里的进程、驱动，或者本进程自己在框架之外的显存
evidence-other-processes-listed = 其他进程占用了 { $listed }（{ $total } 中的 { $share }）{ $has_pid ->
        [yes] ；其中 pid { $pid } 一个就占了 { $pid_bytes }
       *[no] {""}
    }{ $fits ->
        [yes] ，足够满足申请的 { $requested }
       *[no] {""}
    }{ $maybe_self ->
        [yes] （在容器里，这可能就是本进程，只是 pid 不同）
       *[no] {""}
    }{ $has_me ->
        [yes] （pid { $me_pid }，{ $me_bytes }，就是本进程：数字表明其他进程占用的比整张列表少）
       *[no] {""}
    }
evidence-request-exceeds-capacity = 申请了 { $requested }，但整张卡总共只有 { $total }
evidence-free-exceeds-request = 设备显示空闲 { $free }，比申请的 { $requested } 还多：可能是显存比例上限、显存碎片或另一个分配器挡住了
evidence-host-memory-behind-free = 显卡上还有空闲，分配可能是在主机端失败的：锁页内存缓冲区，或者（Windows 上）支撑驱动的主机内存和页面文件
evidence-table-other-gpu-empty = nvidia-smi 显示 GPU { $gpu } 已用 { $used }（共 { $total }，{ $share }），而 GPU { $free_gpu } 只用了 { $free_used }：如果这些显存不是本任务的，就是另一个任务占着 GPU { $gpu }；改用 GPU { $free_gpu }（CUDA_VISIBLE_DEVICES={ $free_gpu }）
evidence-table-full = nvidia-smi 显示 GPU { $gpu } 已用 { $used }（共 { $total }，{ $share }）：如果这些显存不是本任务的，就是其他进程占着
evidence-tf-context-full = CUDA 上下文都没能创建：这个进程启动之前显卡就已经满了（其他进程、另一个 notebook）
evidence-tf-preallocation-refused = TensorFlow 启动时想占用 { $has_amount ->
        [yes] { $amount }
       *[no] 大部分
    } 显存，被驱动拒绝了：除非开启 memory growth 或设置显存上限，它会占满（几乎）全部空闲显存
evidence-tf-start-other-processes = TensorFlow 启动时没能拿到的显存，可能被其他进程占着
evidence-tf-budget = 一个张量{ $has_amount ->
        [yes] （{ $amount }）
       *[no] {""}
    }放不进 TensorFlow 的显存预算（几乎是整张卡）：模型、batch 或输入对这张卡来说太大了
evidence-tf-budget-others = TensorFlow 的显存预算就是它启动时的空闲显存：其他进程（没关的 notebook）会让它变小
evidence-tpu-hbm = 程序的缓冲区放不进 TPU 的 HBM
evidence-jax-preallocation = JAX 启动时预先占用 75% 的显存（XLA_PYTHON_CLIENT_PREALLOCATE、XLA_PYTHON_CLIENT_MEM_FRACTION）；剩下的部分它用不到
evidence-jax-near-capacity = 程序的数组和临时变量放不进 JAX 能用的显存
evidence-serving-host = 模型需要 { $has_amount ->
        [yes] { $amount }
       *[no] 更多
    } 系统内存{ $has_free ->
        [yes] ，可用的只有 { $free }
       *[no] {""}
    }
evidence-kv-cache = 推理服务放不下模型权重和 KV cache{ $shape ->
        [all] ：启动时 { $total } 中空闲 { $free }，需要 { $requested }
        [free-total] ：{ $total } 中空闲 { $free }
       *[none] {""}
    }
evidence-host-line = 第 { $line } 行：{ $what ->
        [shm] 共享内存（/dev/shm）太小，不够 DataLoader 子进程用
        [dataloader] DataLoader 子进程被信号杀掉了，通常是 OOM killer 或 /dev/shm 的问题
       *[ram] 进程耗尽了主机内存（或者被内核的 OOM killer 杀掉了）
    }{ $has_amount ->
        [yes] ，当时正在分配 { $amount }
       *[no] {""}
    }
evidence-library-outside = { $library ->
        [nccl] NCCL 的缓冲区
        [cublas] cuBLAS 的句柄和工作区
       *[cudnn] cuDNN 的句柄和工作区
    }在框架的分配器之外、用框架剩下的空闲显存分配；框架的缓存（或其他进程）留下的太少了
evidence-library-near-capacity = 任务自己的张量可能已经占满显卡，没给这个库留下空间
evidence-same-room-other-process = 这张卡上的其他进程也在占用同一块空间
evidence-raw-other-processes = 报错里没有任何数字：这类原始 CUDA 分配失败，最常见的原因是显卡被其他进程占着{ $table ->
        [yes] ；粘贴的 `nvidia-smi` 只能看出显卡有多满，看不出被谁占满：框架分配器的完整报错才说得清
       *[no] ；请粘贴出错时的 `nvidia-smi`，或者框架分配器的完整报错，才能用数字诊断
    }
evidence-raw-near-capacity = 任务可能放不进这张卡{ $table ->
        [yes] ；粘贴的 `nvidia-smi` 只能看出显卡有多满，看不出被谁占满：框架分配器的完整报错才说得清
       *[no] ；请粘贴出错时的 `nvidia-smi`，或者框架分配器的完整报错，才能用数字诊断
    }
evidence-raw-non-framework = 框架分配器之外的显存（某个库、CUDA 上下文）可能占掉了空间{ $table ->
        [yes] ；粘贴的 `nvidia-smi` 只能看出显卡有多满，看不出被谁占满：框架分配器的完整报错才说得清
       *[no] ；请粘贴出错时的 `nvidia-smi`，或者框架分配器的完整报错，才能用数字诊断
    }
evidence-llamacpp-host = 主机缓冲区{ $has_amount ->
        [yes] （{ $amount }）
       *[no] {""}
    }分配失败：按当前加载方式，模型放不进内存
evidence-llamacpp-device = 模型各层、KV cache 或计算图的缓冲区{ $has_amount ->
        [yes] （{ $amount }）
       *[no] {""}
    }放不进显卡：少 offload 几层（-ngl）、缩短上下文（-c）或减小 batch（-b）
evidence-other-framework = 一次分配{ $has_amount ->
        [yes] （{ $amount }）
       *[no] {""}
    }超出了框架能拿到的显存
evidence-repeated = { $device } 上 { $kind } 失败了 { $count } 次，从第 { $first } 行到第 { $last } 行；这里解释的是第一次{ $leak ->
        [yes] ；两次之间已分配显存从 { $from } 涨到了 { $to }
       *[no] {""}
    }
evidence-batch-size-none = 自动搜索 batch size 时一路减半到了零，也没找到放得下的值
