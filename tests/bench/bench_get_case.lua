-- make bench (tests/bench/run.sh): GET of a case picked at random among a
-- sample of the generated ones, each read with its own tenant's API key.
-- Script argument: a file of lines "<api key> <case id>".
local keys, ids = {}, {}
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("thread_no", threads)
end

function init(args)
    math.randomseed(os.time() * 97 + (thread_no or 0))
    for line in io.lines(args[1]) do
        local k, id = line:match("^(%S+) (%S+)$")
        if k then
            keys[#keys + 1] = "Bearer " .. k
            ids[#ids + 1] = "/casedesk/v1/cases/" .. id
        end
    end
    assert(#ids > 0, "no case ids in " .. args[1])
end

function request()
    local i = math.random(#ids)
    return wrk.format("GET", ids[i], { ["Authorization"] = keys[i] })
end
