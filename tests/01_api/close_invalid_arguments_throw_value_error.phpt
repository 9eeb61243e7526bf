--TEST--
Connection::close(): invalid codes, a reason over 123 bytes or not UTF-8 throw ValueError; a valid close still works after them
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
    $bad = [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535, -1, WebSocket\CloseCode::NoStatus, WebSocket\CloseCode::Abnormal];
    foreach ($bad as $code) {
        try {
            $c->close($code);
            echo "server: close(", is_int($code) ? $code : $code->name, ") accepted\n";
        } catch (ValueError $e) {
            echo "server: close(", is_int($code) ? $code : $code->name, ") ValueError\n";
        }
    }
    foreach (['124 bytes' => str_repeat('r', 124), 'invalid UTF-8' => "bad\xff", '62 two-byte chars' => str_repeat("\u{e9}", 62)] as $what => $reason) {
        try {
            $c->close(1000, $reason);
            echo "server: reason of $what accepted\n";
        } catch (ValueError $e) {
            echo "server: reason of $what ValueError\n";
        }
    }
    echo "server: still open: ", var_export($c->isOpen(), true), "\n";
    $c->close(WebSocket\CloseCode::TryAgainLater, str_repeat('r', 123));
    echo "server: open after close(): ", var_export($c->isOpen(), true), "\n";
});
$server->onClose(function (WebSocket\Connection $c, int $code, string $reason) use ($server) {
    echo "server: close $code reason of ", strlen($reason), " bytes\n";
    $server->stop();
});
PHP);
$ws = wst_connect($srv['port']);
$f = wst_expect($ws);
echo 'reason is 123 r: ', substr($f['payload'] ?? '', 2) === str_repeat('r', 123) ? 'yes' : 'no', "\n";
wst_send_close($ws, 1013);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
<- close 1013 'rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr'
reason is 123 r: yes
-> close 1013 ''
<- EOF
--- server ---
server: close(0) ValueError
server: close(1) ValueError
server: close(999) ValueError
server: close(1004) ValueError
server: close(1005) ValueError
server: close(1006) ValueError
server: close(1015) ValueError
server: close(1016) ValueError
server: close(2999) ValueError
server: close(5000) ValueError
server: close(65535) ValueError
server: close(-1) ValueError
server: close(NoStatus) ValueError
server: close(Abnormal) ValueError
server: reason of 124 bytes ValueError
server: reason of invalid UTF-8 ValueError
server: reason of 62 two-byte chars ValueError
server: still open: true
server: open after close(): false
server: close 1013 reason of 123 bytes
server: run returned
