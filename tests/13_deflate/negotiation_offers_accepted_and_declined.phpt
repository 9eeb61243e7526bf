--TEST--
Deflate: RFC 7692 §7 negotiation: the first offer the server can honour is accepted and answered exactly; invalid offers are declined with a 101 (never a 400); several header lines form one list
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/deflate.inc';

$offers = [
    null,
    'permessage-deflate',
    'permessage-deflate; client_max_window_bits',
    'permessage-deflate; server_max_window_bits=10',
    'permessage-deflate; client_max_window_bits=9',
    'permessage-deflate ; server_max_window_bits="12" ;client_no_context_takeover',
    'permessage-deflate; server_max_window_bits=8',
    'permessage-deflate; unknown_param',
    'permessage-deflate; server_max_window_bits',
    'permessage-deflate; server_max_window_bits=16',
    'permessage-deflate; client_max_window_bits=08',
    'permessage-deflate; server_no_context_takeover=yes',
    'permessage-deflate; client_no_context_takeover; client_no_context_takeover',
    'permessage-deflate; bogus, permessage-deflate; server_max_window_bits=11',
    'x-webkit-deflate-frame, permessage-deflate',
    'x-unknown; a="b,c"',
];
// The default mode, then context takeover allowed with smaller windows.
foreach ([[], ['server_no_context_takeover' => false, 'client_no_context_takeover' => false, 'client_max_window_bits' => 12]] as $mode) {
    echo '--- compression => ', json_encode($mode ?: true), "\n";
    $srv = wst_echo_server(['compression' => $mode ?: true], '', count($offers) + 1, 8000, true);
    foreach ($offers as $offer) {
        $ws = wst_pmd_connect($srv['port'], $offer);
        wst_close_socket($ws);
    }
    // Two header lines: the first holds only an invalid offer.
    $resp = wst_handshake_raw($srv['port'], wst_request('/', [
        'Sec-WebSocket-Extensions: permessage-deflate; x=1',
        'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=13',
    ]), $ws);
    echo wst_status_code($resp), ' [two lines] => ', var_export(wst_response_header($resp, 'Sec-WebSocket-Extensions'), true), "\n";
    wst_close_socket($ws);
    $out = wst_finish($srv);
}
?>
--EXPECTF--
--- compression => true
HTTP/1.1 101 [(no offer)] => NULL
HTTP/1.1 101 [permessage-deflate] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover'
HTTP/1.1 101 [permessage-deflate; client_max_window_bits] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover'
HTTP/1.1 101 [permessage-deflate; server_max_window_bits=10] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10'
HTTP/1.1 101 [permessage-deflate; client_max_window_bits=9] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits=9'
HTTP/1.1 101 [permessage-deflate ; server_max_window_bits="12" ;client_no_context_takeover] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12'
HTTP/1.1 101 [permessage-deflate; server_max_window_bits=8] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=8'
HTTP/1.1 101 [permessage-deflate; unknown_param] => NULL
HTTP/1.1 101 [permessage-deflate; server_max_window_bits] => NULL
HTTP/1.1 101 [permessage-deflate; server_max_window_bits=16] => NULL
HTTP/1.1 101 [permessage-deflate; client_max_window_bits=08] => NULL
HTTP/1.1 101 [permessage-deflate; server_no_context_takeover=yes] => NULL
HTTP/1.1 101 [permessage-deflate; client_no_context_takeover; client_no_context_takeover] => NULL
HTTP/1.1 101 [permessage-deflate; bogus, permessage-deflate; server_max_window_bits=11] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=11'
HTTP/1.1 101 [x-webkit-deflate-frame, permessage-deflate] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover'
HTTP/1.1 101 [x-unknown; a="b,c"] => NULL
HTTP/1.1 101 [two lines] => 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=13'
--- server ---
%A
server: run returned
--- compression => {"server_no_context_takeover":false,"client_no_context_takeover":false,"client_max_window_bits":12}
HTTP/1.1 101 [(no offer)] => NULL
HTTP/1.1 101 [permessage-deflate] => 'permessage-deflate'
HTTP/1.1 101 [permessage-deflate; client_max_window_bits] => 'permessage-deflate; client_max_window_bits=12'
HTTP/1.1 101 [permessage-deflate; server_max_window_bits=10] => 'permessage-deflate; server_max_window_bits=10'
HTTP/1.1 101 [permessage-deflate; client_max_window_bits=9] => 'permessage-deflate; client_max_window_bits=9'
HTTP/1.1 101 [permessage-deflate ; server_max_window_bits="12" ;client_no_context_takeover] => 'permessage-deflate; client_no_context_takeover; server_max_window_bits=12'
HTTP/1.1 101 [permessage-deflate; server_max_window_bits=8] => 'permessage-deflate; server_max_window_bits=8'
HTTP/1.1 101 [permessage-deflate; unknown_param] => NULL
HTTP/1.1 101 [permessage-deflate; server_max_window_bits] => NULL
HTTP/1.1 101 [permessage-deflate; server_max_window_bits=16] => NULL
HTTP/1.1 101 [permessage-deflate; client_max_window_bits=08] => NULL
HTTP/1.1 101 [permessage-deflate; server_no_context_takeover=yes] => NULL
HTTP/1.1 101 [permessage-deflate; client_no_context_takeover; client_no_context_takeover] => NULL
HTTP/1.1 101 [permessage-deflate; bogus, permessage-deflate; server_max_window_bits=11] => 'permessage-deflate; server_max_window_bits=11'
HTTP/1.1 101 [x-webkit-deflate-frame, permessage-deflate] => 'permessage-deflate'
HTTP/1.1 101 [x-unknown; a="b,c"] => NULL
HTTP/1.1 101 [two lines] => 'permessage-deflate; server_max_window_bits=13'
--- server ---
%A
server: run returned
