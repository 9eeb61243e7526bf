--TEST--
Frames: a client ping is answered with a pong carrying the same payload (also between fragments of a message); an unsolicited pong gets no answer
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

$srv = wst_echo_server([], <<<'PHP'
$server->onMessage(function (WebSocket\Connection $c, string $data, bool $binary) {
    echo "server: message '$data'\n";
    $c->send($data, $binary);
});
PHP);
$ws = wst_connect($srv['port']);
wst_send($ws, WST_PING, 'are you there');
wst_expect($ws);
wst_send($ws, WST_PING, '');
wst_expect($ws);
wst_send($ws, WST_PING, str_repeat('p', 125));
$f = wst_expect($ws);
echo '   same 125 bytes: ', ($f['payload'] ?? '') === str_repeat('p', 125) ? 'yes' : 'no', "\n";
wst_send($ws, WST_TEXT, 'frag1-', ['fin' => false]);
wst_send($ws, WST_PING, 'mid');
wst_expect($ws);
wst_send($ws, WST_CONT, 'frag2-', ['fin' => false]);
wst_send($ws, WST_PONG, 'unsolicited');
wst_send($ws, WST_PING, "\x00\xff");
wst_expect($ws);
wst_send($ws, WST_CONT, 'end');
wst_expect($ws);
wst_send($ws, WST_PONG, 'unsolicited again');
echo 'no answer to the pong: ', wst_quiet_for($ws, 0.3) ? 'yes' : 'no', "\n";
wst_close_cleanly($ws);
wst_finish($srv);
?>
--EXPECT--
<- 101 Switching Protocols
-> ping fin=1 masked len=13
<- pong fin=1 len=13 'are you there'
-> ping fin=1 masked len=0
<- pong fin=1 len=0
-> ping fin=1 masked len=125
<- pong fin=1 len=125 'pppppppppppppppppppppppppppppppppppppppp'...
   same 125 bytes: yes
-> text fin=0 masked len=6
-> ping fin=1 masked len=3
<- pong fin=1 len=3 'mid'
-> cont fin=0 masked len=6
-> pong fin=1 masked len=11
-> ping fin=1 masked len=2
<- pong fin=1 len=2 0x00ff
-> cont fin=1 masked len=3
<- text fin=1 len=15 'frag1-frag2-end'
-> pong fin=1 masked len=17
no answer to the pong: yes
-> close 1000 ''
<- close 1000 ''
<- EOF
--- server ---
server: open 1
server: message 'frag1-frag2-end'
server: close 1 1000 ''
server: run returned
