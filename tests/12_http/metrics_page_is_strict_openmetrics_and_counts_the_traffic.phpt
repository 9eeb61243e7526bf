--TEST--
HTTP side: metrics_path serves OpenMetrics text from C (no PHP callback runs), parsed here by a strict parser; its figures and getStats() match the traffic the test sent; metrics_allow refuses other addresses with 403
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

/** A strict OpenMetrics text parser: every line is metadata or a sample of the family declared just before,
 *  names and labels are well formed, counters end in _total, no family twice, and # EOF ends the page. */
function parse_openmetrics(string $text): array
{
    $families = [];
    $samples = [];
    $current = null;
    $lines = explode("\n", $text);
    if (array_pop($lines) !== '' || end($lines) !== '# EOF') {
        throw new Exception('the page must end with "# EOF\n"');
    }
    array_pop($lines);
    foreach ($lines as $n => $line) {
        if (preg_match('/^# (TYPE|HELP|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/', $line, $m)) {
            if ($m[1] === 'TYPE') {
                if (isset($families[$m[2]])) {
                    throw new Exception("line $n: family {$m[2]} declared twice");
                }
                if (!in_array($m[3], ['counter', 'gauge', 'histogram', 'summary', 'info', 'stateset', 'gaugehistogram', 'unknown'], true)) {
                    throw new Exception("line $n: bad type {$m[3]}");
                }
                $families[$m[2]] = $m[3];
                $current = $m[2];
            } elseif ($m[2] !== $current) {
                throw new Exception("line $n: {$m[1]} for {$m[2]} outside its family");
            }
            continue;
        }
        if (!preg_match('/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+]+|NaN|\+Inf|-Inf)$/', $line, $m)) {
            throw new Exception("line $n: not a sample: $line");
        }
        [$name, $labels, $value] = [$m[1], $m[3] ?? '', $m[4]];
        $want = $families[$current] === 'counter' ? "{$current}_total" : $current;
        if ($current === null || ($name !== $want && !($families[$current] === 'counter' && $name === "{$current}_created"))) {
            throw new Exception("line $n: sample $name is not of family $current");
        }
        $parsed = [];
        if ($labels !== '') {
            foreach (explode(',', $labels) as $pair) {
                if (!preg_match('/^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\n]|\\\\.)*)"$/', $pair, $lm) || isset($parsed[$lm[1]])) {
                    throw new Exception("line $n: bad label $pair");
                }
                $parsed[$lm[1]] = $lm[2];
            }
        }
        ksort($parsed);
        $key = $name . ($parsed ? '{' . http_build_query($parsed, '', ',') . '}' : '');
        if (isset($samples[$key])) {
            throw new Exception("line $n: sample $key twice");
        }
        $samples[$key] = (float) $value;
    }
    return [$families, $samples];
}

function http_get(int $port, string $path): array
{
    $resp = wst_handshake_raw($port, "GET $path HTTP/1.1\r\nHost: x\r\n\r\n", $ws);
    $len = (int) wst_response_header($resp, 'Content-Length');
    wst_fill($ws, $len);
    wst_close_socket($ws);
    return [wst_status_line($resp), wst_response_header($resp, 'Content-Type'), substr($ws->buf, 0, $len)];
}

$code = <<<'PHP'
$server = new WebSocket\Server('127.0.0.1', 0, ['metrics_path' => '/metrics', 'path' => '/ws'] + (getenv('WST_ALLOW') ? ['metrics_allow' => ['10.0.0.0/8']] : []));
$calls = 0;
$server->onOpen(function () use (&$calls) { $calls++; });
$server->onMessage(function (WebSocket\Connection $c, string $d) use ($server, &$calls) {
    $calls++;
    if ($d === 'stats') {
        $st = $server->getStats();
        $c->send(json_encode([$st['messages_in'], $st['messages_out'], $st['handshakes_accepted'], $st['refused'], $st['close_codes'], $st['metrics_scrapes'], $calls]));
    } else {
        $c->send($d);
    }
});
$server->onClose(function (WebSocket\Connection $c, int $code) use ($server) {
    if ($code === 4000) {
        $server->stop();
    }
});
wst_guard($server, 10000);
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP;
$srv = wst_spawn_server($code);
/* The traffic: 2 refused handshakes (404, 426), 3 connections, 5 echoed messages, 2 closed with 1000. */
wst_handshake_raw($srv['port'], wst_request('/nope'), $x); wst_close_socket($x);
wst_handshake_raw($srv['port'], "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n", $x); wst_close_socket($x);
$a = wst_connect($srv['port'], '/ws', [], true);
foreach (['1', '22', '333'] as $m) { wst_write($a, wst_frame(WST_TEXT, $m)); wst_recv_frame($a); }
$b = wst_connect($srv['port'], '/ws', [], true);
foreach (['4', '5'] as $m) { wst_write($b, wst_frame(WST_TEXT, $m)); wst_recv_frame($b); }
ob_start();
wst_close_cleanly($a);
wst_close_cleanly($b);
ob_end_clean();
usleep((int) (100000 * WST_SLOW));
[$status, $type, $body] = http_get($srv['port'], '/metrics');
echo "$status\n$type\n";
try {
    [$families, $s] = parse_openmetrics($body);
    echo "parsed: ", count($families), " families\n";
    foreach (['websocket_handshakes_total', 'websocket_refused_total{status=404}', 'websocket_refused_total{status=426}',
              'websocket_messages_total{direction=in}', 'websocket_messages_total{direction=out}',
              'websocket_closes_total{code=1000}', 'websocket_connections{state=open}', 'websocket_metrics_scrapes_total'] as $k) {
        echo "  $k = ", $s[$k] ?? 'missing', "\n";
    }
    echo "  bytes in and out counted: ", var_export($s['websocket_transferred_bytes_total{direction=in}'] > 300 && $s['websocket_transferred_bytes_total{direction=out}'] > 300, true), "\n";
} catch (Exception $e) {
    echo "not OpenMetrics: ", $e->getMessage(), "\n";
}
$c = wst_connect($srv['port'], '/ws', [], true);
wst_write($c, wst_frame(WST_TEXT, "stats"));
echo "getStats: ", wst_recv_frame($c)['payload'], "\n";
wst_write($c, wst_frame(WST_CLOSE, pack("n", 4000)));
wst_wait_eof($c);
wst_finish($srv);

putenv('WST_ALLOW=1');
$srv = wst_spawn_server($code);
[$status] = http_get($srv['port'], '/metrics');
echo "127.0.0.1 not in metrics_allow: $status\n";
$c = wst_connect($srv['port'], '/ws', [], true);
wst_write($c, wst_frame(WST_CLOSE, pack("n", 4000)));
wst_wait_eof($c);
wst_finish($srv);
?>
--EXPECT--
HTTP/1.1 200 OK
application/openmetrics-text; version=1.0.0; charset=utf-8
parsed: 21 families
  websocket_handshakes_total = 2
  websocket_refused_total{status=404} = 1
  websocket_refused_total{status=426} = 1
  websocket_messages_total{direction=in} = 5
  websocket_messages_total{direction=out} = 5
  websocket_closes_total{code=1000} = 2
  websocket_connections{state=open} = 0
  websocket_metrics_scrapes_total = 1
  bytes in and out counted: true
getStats: [6,5,3,{"404":1,"426":1},{"1000":2},1,9]
--- server ---
127.0.0.1 not in metrics_allow: HTTP/1.1 403 Forbidden
--- server ---
