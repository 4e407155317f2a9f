# 每个页面外围的布局：页眉、导航、页脚、语言切换。
product-home = { $product } 首页
skip-to-content = 跳到正文
nav-main = 主导航
nav-diagnose = 诊断
nav-knowledge-base = 知识库
nav-estimate = 显存估算
nav-search = 搜索
site-search = 站内搜索
site-search-label = 搜索知识库
site-search-placeholder = 搜索指南…
footer-tagline = 自托管的 GPU 显存诊断与团队知识库，完全在本机运行。
footer-guides = 指南
footer-guides-other = English guides
footer-api = JSON API
language-switch-to = English
language-switch-title = Switch the interface to English
site-description = 粘贴 GPU 显存不足（OOM）报错，看清显存被什么占满、为什么失败、怎么解决。
