--TEST--
Connection::send(): invalid UTF-8 as text throws ValueError and sends nothing; the same bytes as binary are fine
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onOpen(function (WebSocket\Connection $c) {
    foreach (["\xff\xfe", "ok\xc3", "\xed\xa0\x80", "\xc0\x80"] as $bad) {
        try {
            $c->send($bad);
            echo "server: send(", bin2hex($bad), ") accepted\n";
        } catch (ValueError $e) {
            echo "server: send(", bin2hex($bad), ") ValueError\n";
        }
    }
    var_dump($c->send("\xff\xfe", true));
    var_dump($c->send("caf\u{e9}"));
    var_dump($c->isOpen());
});
PHP);
$ws = wst_connect($srv['port']);
wst_expect($ws);
wst_expect($ws);
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- binary fin=1 len=2 0xfffe
<- text fin=1 len=5 0x636166c3a9
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: send(fffe) ValueError
server: send(6f6bc3) ValueError
server: send(eda080) ValueError
server: send(c080) ValueError
bool(true)
bool(true)
bool(true)
server: close 1 1000 ''
server: run returned
