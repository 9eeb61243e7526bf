--TEST--
onHandshake: sees method, path, query, headers, cookies and address; refuses with a status, headers and body (false alone: 403) before any connection exists; adds Set-Cookie and other headers to the 101; picks a subprotocol the client offered; attaches data that onOpen's Connection has; a throwing hook answers 500 and the server carries on; reserved or malformed headers are refused
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['subprotocols' => ['chat']], <<<'PHP'
$server->onHandshake(function (WebSocket\Request $req, WebSocket\Response $res) {
    echo "server: handshake {$req->getMethod()} {$req->getPath()} ?{$req->getQuery()} from {$req->getRemoteAddress()}",
        " cookie token=", var_export($req->getCookie('token'), true), " body=", var_export($req->getBody(), true), "\n";
    switch ($req->getQuery()) {
        case 'deny':
            return false;
        case 'auth':
            $res->setStatus(401)->setHeader('WWW-Authenticate', 'Bearer realm="ws"')->end("token required\n");
            return;
        case 'boom':
            throw new RuntimeException('hook failed');
        case 'bad':
            foreach ([['Connection', 'close'], ['Sec-WebSocket-Accept', 'x'], ['X-Evil', "a\r\nInjected: 1"], ['Bad Name', 'x']] as [$n, $v]) {
                try {
                    $res->setHeader($n, $v);
                } catch (ValueError $e) {
                    echo "server: ValueError ", $e->getMessage(), "\n";
                }
            }
            try {
                $res->setSubprotocol('not-offered');
            } catch (ValueError $e) {
                echo "server: ValueError ", $e->getMessage(), "\n";
            }
            foreach ([$req, $res] as $o) {
                try {
                    serialize($o);
                } catch (Exception $e) {
                    echo "server: ", $e->getMessage(), "\n";
                }
                try {
                    clone $o;
                } catch (Error $e) {
                    echo "server: ", $e->getMessage(), "\n";
                }
            }
            return false;
    }
    $res->addHeader('Set-Cookie', 'session=abc; HttpOnly')->addHeader('Set-Cookie', 'theme=dark')->setHeader('X-Served-By', 'test');
    if ($req->getHeader('Sec-WebSocket-Protocol') !== null) {
        $res->setSubprotocol('v2');
    }
    $req->data = ['user' => $req->getCookie('token'), 'cookies' => $req->getCookies()];
});
$server->onOpen(function (WebSocket\Connection $c) {
    wst_say($c->id, "server: open {$c->id} data=" . json_encode($c->data) . " subprotocol=" . var_export($c->getSubprotocol(), true) . "\n");
});
PHP, 1);
foreach (['deny', 'auth', 'boom', 'bad'] as $q) {
    $resp = wst_handshake_raw($srv['port'], wst_request("/ws?$q"), $ws);
    $len = (int) wst_response_header($resp, 'Content-Length');
    wst_fill($ws, $len);
    echo "?$q: ", wst_status_line($resp), ' ', json_encode(substr($ws->buf, 0, $len)),
        ($h = wst_response_header($resp, 'WWW-Authenticate')) ? " WWW-Authenticate: $h" : '', "\n";
    wst_close_socket($ws);
}
$ws = wst_connect($srv['port'], '/ws?ok', ['Cookie' => 'token=t%2B1; other="quoted"', 'Sec-WebSocket-Protocol' => 'v1, v2']);
$head = $ws->response;
preg_match_all('/^Set-Cookie: (.*)\r$/m', $head, $m);
echo "Set-Cookie: ", json_encode($m[1]), "\n";
echo "X-Served-By: ", wst_response_header($head, 'X-Served-By'), "\n";
echo "Sec-WebSocket-Protocol: ", wst_response_header($head, 'Sec-WebSocket-Protocol'), "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECTF--
?deny: HTTP/1.1 403 Forbidden "Forbidden"
?auth: HTTP/1.1 401 Unauthorized "token required\n" WWW-Authenticate: Bearer realm="ws"
?boom: HTTP/1.1 500 Internal Server Error "internal error\n"
?bad: HTTP/1.1 403 Forbidden "Forbidden"
<- 101 Switching Protocols
Set-Cookie: ["session=abc; HttpOnly","theme=dark"]
X-Served-By: test
Sec-WebSocket-Protocol: v2
%A--- server ---
server: handshake GET /ws ?deny from 127.0.0.1 cookie token=NULL body=''
server: handshake GET /ws ?auth from 127.0.0.1 cookie token=NULL body=''
server: handshake GET /ws ?boom from 127.0.0.1 cookie token=NULL body=''
server: error - RuntimeException: hook failed
server: handshake GET /ws ?bad from 127.0.0.1 cookie token=NULL body=''
server: ValueError WebSocket\Response::setHeader(): Argument #1 ($name) names a header the server sets itself ("Connection")
server: ValueError WebSocket\Response::setHeader(): Argument #1 ($name) names a header the server sets itself ("Sec-WebSocket-Accept")
server: ValueError WebSocket\Response::setHeader(): Argument #2 ($value) must not contain control characters (CR, LF, ...)
server: ValueError WebSocket\Response::setHeader(): Argument #1 ($name) must be an HTTP header name (a token)
server: ValueError WebSocket\Response::setSubprotocol(): Argument #1 ($name) must be one of the subprotocols the client offered (Sec-WebSocket-Protocol)
server: Serialization of 'WebSocket\Request' is not allowed
server: Trying to clone an uncloneable object of class WebSocket\Request
server: Serialization of 'WebSocket\Response' is not allowed
server: Trying to clone an uncloneable object of class WebSocket\Response
server: handshake GET /ws ?ok from 127.0.0.1 cookie token='t+1' body=''
server: open %d data={"user":"t+1","cookies":{"token":"t+1","other":"quoted"}} subprotocol='v2'
server: close %d 1000 ''
server: run returned
