-- /search with a different query on every request, so no kept page answers it: what a search
-- costs when people search for different things. Used by bench/load.sh ("search-varied").
local words = {
  "out of memory", "fragmentation", "cudaMalloc", "显存 不足", "gradient checkpointing",
  "batch size", "KV cache", "expandable segments", "reserved memory", "allocated",
  "NCCL", "OOM killer", "vLLM", "DataLoader workers", "mixed precision", "LoRA", "碎片",
  "梯度累积", "empty_cache", "max_split_size_mb",
}

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

request = function()
  local word = words[math.random(#words)]
  return wrk.format("GET", "/search?q=" .. encode(word .. " " .. math.random(1, 1000000000)))
end
