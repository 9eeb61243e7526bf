--TEST--
Deflate: text and binary messages of 0 bytes to 4 MiB round-trip compressed both ways (one frame and fragmented, default mode and context takeover); the server's frames carry RSV1 and inflate; getExtensions() tells what was agreed
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/deflate.inc';

$sizes = [0, 1, 2, 125, 126, 127, 1000, 4096, 65535, 65536, 100000, 1 << 20, 4 << 20];
foreach (['default' => true, 'takeover' => ['server_no_context_takeover' => false, 'client_no_context_takeover' => false, 'threshold' => 0]] as $name => $mode) {
    $srv = wst_echo_server(['compression' => $mode, 'max_message_size' => 8 << 20], '
$server->onOpen(function (WebSocket\Connection $c) { wst_say($c->id, "server: open {$c->id} " . json_encode($c->getExtensions()) . "\n"); });', 1, 20000);
    $ws = wst_pmd_connect($srv['port'], 'permessage-deflate; client_max_window_bits');
    $takeover = $name === 'takeover';
    $out = $takeover ? wst_pmd_deflater() : null;
    $in = $takeover ? wst_pmd_inflater() : null;
    $bad = [];
    $compressed = 0;
    mt_srand(7);
    foreach ($sizes as $n) {
        foreach ([WST_TEXT, WST_BINARY] as $op) {
            $data = $op === WST_TEXT ? substr(str_repeat('{"id":12,"name":"héllo","tags":["a","b"]} ', intdiv($n, 40) + 1), 0, $n)
                                     : ($n ? random_bytes(intdiv($n, 2) + 1) . str_repeat("\0\1", intdiv($n + 1, 4) + 1) : '');
            $data = substr($data, 0, $n);
            if ($op === WST_TEXT) {
                if ($n && !preg_match('//u', $data)) {
                    $data = substr($data, 0, -1) . 'x'; // the cut split an é
                }
            }
            $z = wst_pmd_compress($data, $out);
            $frag = $n > 1000 && $n % 2 === 0; // some sent in 3 fragments
            if ($frag) {
                $k = intdiv(strlen($z), 3);
                wst_write($ws, wst_frame($op, substr($z, 0, $k), ['fin' => false, 'rsv' => 4])
                    . wst_frame(WST_CONT, substr($z, $k, $k), ['fin' => false])
                    . wst_frame(WST_CONT, substr($z, 2 * $k), []));
            } else {
                wst_write($ws, wst_frame($op, $z, ['rsv' => 4]));
            }
            $f = wst_recv_frame($ws, 20);
            if ($f === null) {
                $bad[] = "$n: no answer";
                break 2;
            }
            $got = $f['rsv'] === 4 ? wst_pmd_decompress($f['payload'], $in) : $f['payload'];
            $compressed += $f['rsv'] === 4;
            if ($f['opcode'] !== $op || $got !== $data || !in_array($f['rsv'], [0, 4], true)) {
                $bad[] = "$n op $op: got op {$f['opcode']} rsv {$f['rsv']} len " . strlen((string) $got);
            }
        }
    }
    echo "$name: ", count($sizes) * 2, " messages, mismatches: ", json_encode($bad), ", answered compressed: ",
        $compressed === ($takeover ? count($sizes) * 2 : 12) ? 'as expected' : "$compressed", "\n";
    wst_close_cleanly($ws);
    wst_finish($srv);
}
?>
--EXPECTF--
HTTP/1.1 101 [permessage-deflate; client_max_window_bits] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover'
default: 26 messages, mismatches: [], answered compressed: as expected
%A
--- server ---
server: open 1 {"permessage-deflate":{"server_no_context_takeover":true,"client_no_context_takeover":true,"server_max_window_bits":15,"client_max_window_bits":15}}
server: close 1 1000 ''
server: run returned
HTTP/1.1 101 [permessage-deflate; client_max_window_bits] => 'permessage-deflate'
takeover: 26 messages, mismatches: [], answered compressed: as expected
%A
--- server ---
server: open 1 {"permessage-deflate":{"server_no_context_takeover":false,"client_no_context_takeover":false,"server_max_window_bits":15,"client_max_window_bits":15}}
server: close 1 1000 ''
server: run returned
