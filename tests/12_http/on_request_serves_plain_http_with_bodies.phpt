--TEST--
onRequest: plain HTTP on the WebSocket port, with curl and Python's urllib as clients: Content-Length and chunked bodies, Expect: 100-continue, status, headers, sendFile with its Content-Type, HEAD, 404 for a missing file; bad framing 400, a body over max_body_size 413 (before it is read), a slow body 408, a throwing callback 500; WebSocket upgrades on the same port still work; without onRequest plain requests get 426
--EXTENSIONS--
websocket
--SKIPIF--
<?php
require __DIR__ . '/../inc/skipif.inc';
if (trim((string) shell_exec('command -v curl')) === '') die('skip curl missing');
if (!is_executable('/usr/bin/python3')) die('skip python3 missing');
?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$dir = sys_get_temp_dir() . '/wst-www-' . getmypid();
@mkdir($dir);
file_put_contents("$dir/page.html", "<!doctype html><title>chat</title>\n");
putenv("WST_WWW=$dir");
$srv = wst_echo_server(['max_body_size' => 1000, 'handshake_timeout' => (int) (1500 * WST_SLOW)], <<<'PHP'
$server->onRequest(function (WebSocket\Request $req, WebSocket\Response $res) {
    switch ($req->getPath()) {
        case '/page':
            $res->sendFile(getenv('WST_WWW') . '/page.html');
            return;
        case '/missing':
            var_dump($res->sendFile(getenv('WST_WWW') . '/nope.html'));
            return;
        case '/boom':
            throw new RuntimeException('request failed');
    }
    $res->setStatus($req->getMethod() === 'POST' ? 201 : 200)->setHeader('Content-Type', 'application/json')->setHeader('X-Method', $req->getMethod())
        ->end(json_encode(['method' => $req->getMethod(), 'query' => $req->getQuery(), 'body' => $req->getBody(),
                           'type' => $req->getHeader('content-type')]));
});
PHP, 1, 15000);
$base = "http://127.0.0.1:{$srv['port']}";
function curl(string $args): string
{
    return str_replace("\n", ' ', trim((string) shell_exec("curl -s -m 10 -w ' [%{http_code} %{content_type}]' $args 2>&1")));
}
echo "GET: ", curl("'$base/api?a=1'"), "\n";
echo "POST: ", curl("-d 'x=1&y=2' '$base/api'"), "\n";
echo "chunked: ", curl("-H 'Transfer-Encoding: chunked' --data-binary @- '$base/api' < " . escapeshellarg(getenv('WST_WWW') . '/page.html')), "\n";
echo "Expect 100-continue: ", curl("-H 'Expect: 100-continue' --data-binary " . escapeshellarg(str_repeat('z', 900)) . " '$base/api' | sed 's/z\\{900\\}/<900 z>/'"), "\n";
echo "sendFile: ", curl("'$base/page'"), "\n";
echo "HEAD: ", trim((string) shell_exec("curl -s -m 10 -I '$base/page' | tr -d '\\r' | grep -E 'HTTP|Content-Length|Content-Type' | tr '\\n' ' '")), "\n";
echo "missing file: ", curl("'$base/missing'"), "\n";
echo "throwing callback: ", curl("'$base/boom'"), "\n";
echo "body over max_body_size: ", curl("--data-binary " . escapeshellarg(str_repeat('z', 1001)) . " '$base/api'"), "\n";
echo "urllib PUT: ", trim((string) shell_exec("/usr/bin/python3 -c 'import urllib.request as u; r = u.urlopen(u.Request(\"$base/api?py\", data=b\"abc\", method=\"PUT\"), timeout=10); print(r.status, r.read().decode())' 2>&1")), "\n";
foreach (["POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" => 'CL and TE together',
          "POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 5x\r\n\r\n" => 'bad Content-Length',
          "POST /api HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n" => 'bad chunk size',
          "POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc" => 'slow body (stalls)'] as $raw => $what) {
    $resp = wst_handshake_raw($srv['port'], $raw, $ws, 5.0);
    echo "$what: ", wst_status_line($resp), "\n";
    wst_close_socket($ws);
}
$ws = wst_connect($srv['port'], '/api');
wst_close_cleanly($ws);
wst_finish($srv);

$srv = wst_echo_server([], '', 1);
echo "without onRequest: ", curl("'http://127.0.0.1:{$srv['port']}/api'"), "\n";
$ws = wst_connect($srv['port'], '/', [], true);
wst_close_cleanly($ws);
wst_finish($srv);
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
GET: {"method":"GET","query":"a=1","body":"","type":null} [200 application/json]
POST: {"method":"POST","query":"","body":"x=1&y=2","type":"application\/x-www-form-urlencoded"} [201 application/json]
chunked: {"method":"POST","query":"","body":"<!doctype html><title>chat<\/title>\n","type":"application\/x-www-form-urlencoded"} [201 application/json]
Expect 100-continue: {"method":"POST","query":"","body":"<900 z>","type":"application\/x-www-form-urlencoded"} [201 application/json]
sendFile: <!doctype html><title>chat</title>  [200 text/html; charset=utf-8]
HEAD: HTTP/1.1 200 OK Content-Length: 35 Content-Type: text/html; charset=utf-8
missing file: not found  [404 text/plain; charset=utf-8]
throwing callback: internal error  [500 text/plain; charset=utf-8]
body over max_body_size: request body too large (max_body_size)  [413 text/plain; charset=utf-8]
urllib PUT: 200 {"method":"PUT","query":"py","body":"abc","type":"application\/x-www-form-urlencoded"}
CL and TE together: HTTP/1.1 400 Bad Request
bad Content-Length: HTTP/1.1 400 Bad Request
bad chunk size: HTTP/1.1 400 Bad Request
slow body (stalls): HTTP/1.1 408 Request Timeout
<- 101 Switching Protocols
%A--- server ---
bool(false)
server: error - RuntimeException: request failed
server: open %d
server: close %d 1000 ''
server: run returned
without onRequest: this service requires a WebSocket upgrade  [426 text/plain; charset=utf-8]
%A--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
