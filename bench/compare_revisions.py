#!/usr/bin/env python3
"""Times the wiki's revision comparison on a page rewritten whole.

Usage: bench/compare_revisions.py BINARY PORT LINES
Starts BINARY on 127.0.0.1:PORT with a fresh data folder under /tmp, adds an editor, saves a page
of LINES lines ("old line N"), saves it again with every line changed ("new line N"), then asks
for the comparison of the two revisions three times and prints status, seconds and size. The
page must stay under the wiki's 1 MiB limit (60,000 lines is about 0.8 MB). Standard library only.
"""
import http.cookiejar, urllib.request, urllib.parse, re, subprocess, time, os, sys
BIN=sys.argv[1]; PORT=int(sys.argv[2]); DATA=f"/tmp/oomlens-compare-bench-{PORT}"
subprocess.run(["rm","-rf",DATA]); os.makedirs(DATA)
subprocess.run([BIN,"user","add","ana","--role","editor","--data",DATA],input=b"correct horse 1\n",check=True,capture_output=True)
srv=subprocess.Popen([BIN,"--addr",f"127.0.0.1:{PORT}","--data",DATA],stderr=subprocess.DEVNULL)
B=f"http://127.0.0.1:{PORT}"
for _ in range(100):
    try: urllib.request.urlopen(B+"/healthz"); break
    except Exception: time.sleep(0.1)
class NoRedir(urllib.request.HTTPRedirectHandler):
    def redirect_request(self,*a,**k): return None
jar=http.cookiejar.CookieJar(); op=urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),NoRedir)
def req(path,data=None):
    r=urllib.request.Request(B+path,data=urllib.parse.urlencode(data).encode() if data else None)
    try: resp=op.open(r); return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e: return e.code, e.read().decode()
tok=lambda html: re.search(r'name="csrf" value="([^"]+)"',html).group(1)
st,h=req("/signin"); req("/signin",{"name":"ana","password":"correct horse 1","csrf":tok(h)})
n=int(sys.argv[3])
old="".join(f"old line {i}\n" for i in range(n)); new="".join(f"new line {i}\n" for i in range(n))
st,h=req("/new"); print("create",req("/new",{"slug":"long","title":"Long","lang":"en","body":old,"action":"save","csrf":tok(h)})[0])
st,h=req("/kb/long/edit"); base=re.search(r'name="base" value="(\d+)"',h).group(1)
print("edit",req("/kb/long/edit",{"title":"Long","lang":"en","body":new,"base":base,"action":"save","csrf":tok(h)})[0])
for _ in range(3):
    t=time.time(); st,body=req("/kb/long/compare?from=1&to=2"); print(f"compare {st} {time.time()-t:.3f}s {len(body)} bytes")
srv.kill()
