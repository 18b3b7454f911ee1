-- wrk script of the web profile: GET every file of /var/www/paths.txt in turn
local paths = {}
for line in io.lines("/var/www/paths.txt") do
	paths[#paths + 1] = line
end
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
