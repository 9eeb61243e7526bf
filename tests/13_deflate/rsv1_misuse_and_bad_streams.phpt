--TEST--
Deflate: RSV1 on a continuation or a control frame, or without the extension: 1002; a stream that does not inflate: 1007 for text, 1002 for binary; deflated invalid UTF-8: 1007 before the message ends
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/deflate.inc';

$srv = wst_echo_server(['close_timeout' => 500], '', 7, 8000, true);
$cases = [
    'RSV1 on a continuation' => [wst_frame(WST_TEXT, 'ab', ['fin' => false]) . wst_frame(WST_CONT, 'cd', ['rsv' => 4])],
    'RSV1 on a ping' => [wst_frame(WST_PING, 'x', ['rsv' => 4])],
    'RSV1 on a close' => [wst_frame(WST_CLOSE, pack('n', 1000), ['rsv' => 4])],
    'bad stream, text' => [wst_frame(WST_TEXT, "\xff\xff\xff\xff", ['rsv' => 4])],
    'bad stream, binary' => [wst_frame(WST_BINARY, "\xff\xff\xff\xff", ['rsv' => 4])],
    'deflated invalid UTF-8, first of many fragments' => [wst_frame(WST_TEXT, wst_pmd_compress("ok \xc3\x28 then more"), ['rsv' => 4, 'fin' => false])],
];
foreach ($cases as $what => [$bytes]) {
    echo "# $what\n";
    $ws = wst_pmd_connect($srv['port'], 'permessage-deflate', true);
    wst_write($ws, $bytes);
    wst_expect($ws);
    wst_expect_eof($ws);
}
echo "# RSV1 without the extension negotiated\n";
$ws = wst_pmd_connect($srv['port'], null, true);
wst_write($ws, wst_frame(WST_TEXT, wst_pmd_compress('hello'), ['rsv' => 4]));
wst_expect($ws);
wst_expect_eof($ws);
wst_finish($srv);
?>
--EXPECTF--
# RSV1 on a continuation
<- close 1002 'RSV1 set on a continuation frame'
<- EOF
# RSV1 on a ping
<- close 1002 'RSV1 set on a control frame'
<- EOF
# RSV1 on a close
<- close 1002 'RSV1 set on a control frame'
<- EOF
# bad stream, text
<- close 1007 'invalid %s'
<- EOF
# bad stream, binary
<- close 1002 'invalid %s'
<- EOF
# deflated invalid UTF-8, first of many fragments
<- close 1007 'text message is not valid UTF-8'
<- EOF
# RSV1 without the extension negotiated
<- close 1002 '%S'
<- EOF
--- server ---
server: open 1
server: close 1 1002 'RSV1 set on a continuation frame'
server: open 2
server: close 2 1002 'RSV1 set on a control frame'
server: open 3
server: close 3 1002 'RSV1 set on a control frame'
server: open 4
server: close 4 1007 'invalid %s'
server: open 5
server: close 5 1002 'invalid %s'
server: open 6
server: close 6 1007 'text message is not valid UTF-8'
server: open 7
server: close 7 1002 '%S'
server: run returned
