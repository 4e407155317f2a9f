# The layout around every page: header, navigation, footer, the language switch.
product-home = { $product } home
skip-to-content = Skip to content
nav-main = Main
nav-diagnose = Diagnose
nav-knowledge-base = Knowledge base
nav-estimate = Estimate
nav-search = Search
site-search = Site search
site-search-label = Search the knowledge base
site-search-placeholder = Search guides…
footer-tagline = self-hosted GPU memory diagnosis and team wiki. Runs entirely on this machine.
footer-guides = Guides
footer-guides-other = 中文指南
footer-api = JSON API
language-switch-to = 中文
language-switch-title = 切换到中文界面
site-description = Paste a GPU out-of-memory message and see what filled the device, why it failed and how to fix it.
