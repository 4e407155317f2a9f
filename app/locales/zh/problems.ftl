# 页面文件的问题：`oomlens check-content` 和实验室笔记加载时报告。
# 键名、参数与 en/problems.ftl 一一对应。

## Front matter

problem-no-front-matter = 没有 front matter：文件必须以一行 `---` 开头
problem-front-matter-not-closed = front matter 没有用一行 `{ $marker }` 结束
problem-invalid-yaml = front matter 格式有误：{ $error }
problem-invalid-toml = TOML front matter 格式有误：{ $error }
problem-missing-key = 缺少必填键 `{ $key }`
problem-invalid-slug = slug { $slug } 不合法：只能用小写 ASCII 字母、数字和 `-`，最多 120 个字符，首尾不能是 `-`
problem-title-empty = 页面需要一个标题
problem-slug-empty = 页面需要一个 slug，也就是它地址的最后一段，例如 fragmentation-zh
problem-invalid-slug-inferred = slug { $slug } 不合法；改用由路径得出的 `{ $inferred }`
problem-invalid-lang = lang { $lang } 不合法：请用 `en` 或 `zh`
problem-empty-tags = `tags` 至少要有一个标签
problem-invalid-pattern = `patterns` 里的正则 { $pattern } 有误：{ $error }
problem-pattern-matches-every-line = `patterns` 里的正则 { $pattern } 能匹配空行或普通的日志行，几乎会匹配每份日志的每一行：请让它包含所要识别的报错里的字词
problem-unknown-key = 未知的 front matter 键 `{ $key }`
problem-unknown-framework = `frameworks` 里的框架 `{ $framework }` 不认识（可用：{ $known }）
problem-unknown-backend = `backends` 里的后端 `{ $backend }` 不认识（可用：{ $known }）
problem-unknown-finding = `addresses` 里的诊断 id `{ $id }` 不存在
problem-summary-too-long = summary 超过 { $max } 个字符

## 页面之间

problem-duplicate-slug = slug `{ $slug }` 重复（另见 { $other }）
problem-duplicate-slug-skipped = slug `{ $slug }` 重复（另见 { $other }），已跳过
problem-file-name-not-slug = 文件名与 slug `{ $slug }` 不一致（应为 { $slug }.md）
problem-lang-not-folder = lang 是 `{ $lang }`，文件却放在 { $folder }/ 下
problem-no-heading = 没有 `#` 标题：页面应以 `# {"{"}title{"}"}` 开头
problem-title-not-heading = title { $title } 与第一个标题 { $heading } 不一致
problem-missing-translation = 缺少 `translation`（内置页面必填）
problem-translation-is-self = `translation` 指向了页面自己
problem-translation-missing-page = 译文页面 `{ $translation }` 不存在
problem-translation-same-lang = 译文页面 `{ $translation }` 与本页语言相同（{ $lang }）
problem-one-sided-other = 译文关系不对称：`{ $translation }` 的 translation 指向 `{ $back }`
problem-one-sided-none = 译文关系不对称：`{ $translation }` 没有指回本页
problem-broken-link = 站内链接 `{ $url }` 失效：没有 `{ $target }` 这个页面
problem-code-without-lang = 代码块没有标注语言（```python、```bash、```text 等）
problem-extra-key-snippet = 关键代码片段不止一个：只有第一个生效
problem-unknown-param = 关键代码片段用了未知参数 `{ $name }`

## 读取文件夹

problem-not-utf8 = 不是有效的 UTF-8 文本
problem-internal = 渲染时出现内部错误
problem-cannot-read = 无法读取：{ $error }
problem-not-a-file-path = 无法读取：不是文件路径
problem-link-not-followed = 已跳过：符号链接，未跟随（加 --follow-symlinks 会跟随仍在文件夹内的链接）
problem-link-outside = 已跳过：指向 { $target } 的符号链接，在文件夹之外
problem-link-unresolved = 已跳过：无法解析的符号链接（{ $error }）
problem-link-loop = 已跳过：符号链接成环，指回 { $target }
problem-link-own-path = 已跳过：指向 { $target } 的符号链接，该文件已按自身路径读取
problem-link-already-read = 已跳过：指向 { $target } 的符号链接，已通过 { $first } 读取过
problem-special-file = 已跳过：{ $kind ->
        [fifo] 命名管道（FIFO）
        [socket] 套接字
        [char-device] 字符设备
        [block-device] 块设备
        [folder] 文件夹
       *[other] 不是普通文件
    }，未打开
problem-too-large = 已跳过：{ $size } 字节，超过笔记大小上限 { $max } 字节（--max-note-size）
problem-grew = 已跳过：读取时超过笔记大小上限 { $max } 字节（--max-note-size）
problem-too-deep = 已跳过：文件夹超过 { $levels } 层，未读取
