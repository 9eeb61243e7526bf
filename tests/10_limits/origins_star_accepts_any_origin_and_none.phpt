--TEST--
Limits: origins ['*'] accepts any Origin, and requests without one
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server(['origins' => ['*']], '', 4);
foreach (['https://anything.example', 'http://localhost:3000', 'null', null] as $origin) {
    echo $origin ?? 'no Origin', ': ';
    $ws = wst_connect($srv['port'], '/', $origin === null ? [] : ['Origin' => $origin], true);
    echo wst_status_code($ws->response), "\n";
    wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1000)));
    wst_wait_eof($ws);
}
wst_finish($srv);
?>
--EXPECT--
https://anything.example: HTTP/1.1 101
http://localhost:3000: HTTP/1.1 101
null: HTTP/1.1 101
no Origin: HTTP/1.1 101
--- server ---
server: open 1
server: close 1 1000 ''
server: open 2
server: close 2 1000 ''
server: open 3
server: close 3 1000 ''
server: open 4
server: close 4 1000 ''
server: run returned
