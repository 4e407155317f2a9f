-- A browser's request: it accepts br and gzip (bench/load.sh's diagnosis-br phase).
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
