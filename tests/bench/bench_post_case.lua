-- make bench (tests/bench/run.sh): POST of a filing for a tenant and one of
-- its categories picked at random (routing rules route every category), by
-- a citizen of their own, in one of twelve districts.
-- Script argument: a file of lines "<api key> <category id>".
local keys, cats = {}, {}
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("thread_no", threads)
end

function init(args)
    math.randomseed(os.time() * 89 + (thread_no or 0))
    for line in io.lines(args[1]) do
        local k, id = line:match("^(%S+) (%S+)$")
        if k then
            keys[#keys + 1] = "Bearer " .. k
            cats[#cats + 1] = id
        end
    end
    assert(#cats > 0, "no categories in " .. args[1])
end

function request()
    local i = math.random(#cats)
    local n = math.random(1, 999999999)
    local body = string.format('{"categoryId":"%s","description":"Losliggende stoeptegel bij de bushalte, '
        .. 'graag snel repareren (%d)","district":"Wijk %d","channel":"web","citizen":{"name":'
        .. '"Jan de Vries","email":"burger%d@voorbeeld.example"}}', cats[i], n, n % 12, n)
    return wrk.format("POST", "/casedesk/v1/cases",
        { ["Authorization"] = keys[i], ["Content-Type"] = "application/json" }, body)
end
