--TEST--
Connection::ping(): a payload over 125 bytes throws ValueError; 125 bytes and empty pings are sent
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
    try {
        $c->ping(str_repeat('p', 126));
        echo "server: ping(126 bytes) accepted\n";
    } catch (ValueError $e) {
        echo "server: ping(126 bytes) ValueError\n";
    }
    var_dump($c->ping(str_repeat('p', 125)));
    var_dump($c->ping());
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
<- ping fin=1 len=125 'pppppppppppppppppppppppppppppppppppppppp'...
<- ping fin=1 len=0
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: ping(126 bytes) ValueError
bool(true)
bool(true)
server: close 1 1000 ''
server: run returned
