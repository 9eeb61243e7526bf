--TEST--
Limits: origins ['https://*.example.com'] accepts any subdomain over https on the default port (case-insensitive) and refuses the bare domain, another scheme or port, and look-alikes with 403; with :8443 only that port matches
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

function try_origins(array $srv, array $origins): void
{
    foreach ($origins as $origin) {
        $resp = wst_handshake_raw($srv['port'], wst_request('/', ['Origin' => $origin]), $ws);
        echo "  $origin: ", wst_status_code($resp), "\n";
        if (str_starts_with($resp, 'HTTP/1.1 101')) {
            wst_write($ws, wst_frame(WST_CLOSE, pack('n', 1000)));
            wst_wait_eof($ws);
        }
        wst_close_socket($ws);
    }
}

echo "https://*.example.com\n";
$srv = wst_echo_server(['origins' => ['https://*.example.com']], '', 3);
/* The refused first: the server stops after the third accepted client has closed. */
try_origins($srv, [
    'https://example.com', 'http://chat.example.com', 'https://chat.example.com:8443', 'https://evilexample.com',
    'https://chat.example.com.evil.net', 'https://.example.com', 'https://chat.example.co',
    'https://chat.example.com', 'https://a.b.example.com', 'HTTPS://Chat.Example.COM',
]);
wst_finish($srv);
echo "https://*.example.com:8443\n";
$srv = wst_echo_server(['origins' => ['https://*.example.com:8443']], '', 1);
try_origins($srv, ['https://x.example.com', 'https://x.example.com:443', 'https://x.example.com:84431', 'http://x.example.com:8443', 'https://x.example.com:8443']);
wst_finish($srv);
?>
--EXPECTF--
https://*.example.com
  https://example.com: HTTP/1.1 403
  http://chat.example.com: HTTP/1.1 403
  https://chat.example.com:8443: HTTP/1.1 403
  https://evilexample.com: HTTP/1.1 403
  https://chat.example.com.evil.net: HTTP/1.1 403
  https://.example.com: HTTP/1.1 403
  https://chat.example.co: HTTP/1.1 403
  https://chat.example.com: HTTP/1.1 101
  https://a.b.example.com: HTTP/1.1 101
  HTTPS://Chat.Example.COM: HTTP/1.1 101
--- server ---
server: open %d
server: close %d 1000 ''
server: open %d
server: close %d 1000 ''
server: open %d
server: close %d 1000 ''
server: run returned
https://*.example.com:8443
  https://x.example.com: HTTP/1.1 403
  https://x.example.com:443: HTTP/1.1 403
  https://x.example.com:84431: HTTP/1.1 403
  http://x.example.com:8443: HTTP/1.1 403
  https://x.example.com:8443: HTTP/1.1 101
--- server ---
server: open %d
server: close %d 1000 ''
server: run returned
