# `oomlens --help` 的中文：命令行参数本身（--lang、--content 等）和默认值照原样保留。

help-heading-usage = 用法:
help-heading-commands = 命令
help-heading-arguments = 参数
help-heading-options = 选项

help-about = 自托管的 GPU 显存不足诊断工具和排障 wiki
help-serve = 启动网站（默认命令）
help-diagnose = 诊断一条报错或一份日志：列出每次显存事件、显存容量条、诊断结论和对应指南
help-search = 搜索知识库
help-check-content = 检查一个页面文件夹：front matter、诊断 id、译文、链接、patterns（加 `--lab`：按 `--content` 加载的方式检查实验室文件夹）
help-help = 显示本帮助，或指定子命令的帮助

help-arg-help = 显示帮助
help-arg-version = 显示版本
help-arg-addr = 监听地址
help-arg-data = 保存粘贴内容的数据目录；首次运行时创建
help-arg-dirs = 额外的页面文件夹（实验室自己的笔记）。可重复这个参数，或在环境变量里用 ':' 分隔多个文件夹。其中的页面会补充内置页面，slug 相同时替换内置页面
help-arg-follow_symlinks = 跟随实验室文件夹里目标仍在文件夹内的符号链接（指向文件夹外的链接一律不跟随）。默认不跟随任何链接
help-arg-max_note_size = 从实验室文件夹读取的单篇笔记上限（字节数，或带二进制单位：512KiB、2MiB）；更大的文件会跳过并报告
help-arg-paste_limit = 粘贴内容的大小上限，单位为字节
help-diagnose-file = 要读取的文件；`-` 或不填则读标准输入
help-diagnose-json = 以 JSON 输出报告（格式见 spec/report.md）
help-diagnose-lang = 终端摘要的语言，`en` 或 `zh`（默认取自 `LANG`，否则为英文）
help-search-query = 要搜索的内容，中英文均可
help-search-json = 以 JSON 输出结果（格式见 spec/search.md）
help-search-lang = 只看该语言的页面（`en` 或 `zh`）
help-search-tag = 只看带这个标签的页面
help-search-limit = 最多返回多少条结果
help-check-content-dir = 要检查的页面文件夹
help-check-content-lab = 把 DIR 当作传给 `--content` 的实验室文件夹检查（笔记保持原样：front matter 可选，支持 .md/.markdown/.txt/.rst）：报告哪些会被跳过，而不套用内置页面库的规则
