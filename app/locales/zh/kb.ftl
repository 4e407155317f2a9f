# 知识库：索引页、某个标签下的页面、单个页面。
kb-heading = 知识库
kb-intro = 各类显存与内存问题的排查指南，以及实验室自己的笔记。
kb-page-count = 共 { $count } 篇。
kb-pages-tagged = 标签为 { $tag } 的页面共 { $count } 篇。
kb-all-pages = 全部 { $count } 篇 →
kb-untagged = 无标签
kb-none-tagged = 这种语言下没有标签为 { $tag } 的页面。
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
