<?php
/*
 * RFC 6455 conformance suite for a WebSocket echo server.
 *
 * Cases follow the numbering and families of the Autobahn TestSuite (1 framing,
 * 2 pings/pongs, 3 reserved bits, 4 opcodes, 5 fragmentation, 6 UTF-8,
 * 7 close handling, 9 limits/performance, 10 auto-fragmentation, 12 and 13
 * permessage-deflate payloads and parameters), plus family 0 for the opening
 * handshake. Every case opens a fresh connection.
 *
 * The server under test must echo every message with the same type and
 * accept the subprotocol 'chat' (examples/echo.php does).
 *
 * Usage: php conformance.php --port N [--host 127.0.0.1] [--case PREFIX ...]
 *        [--skip PREFIX ...] [--timeout SECONDS] [--list]
 * Exit status: 0 when every case passed (OK, NON-STRICT, INFORMATIONAL), 1 otherwise.
 */
declare(strict_types=1);

namespace Conformance;

require __DIR__ . '/lib.php';

/** @var list<array{id:string,desc:string,fn:callable,budget:float,raw:bool}> $CASES */
$CASES = [];

function add(string $id, string $desc, callable $fn, float $budget = 30.0, bool $raw = false): void
{
    global $CASES;
    $CASES[] = ['id' => $id, 'desc' => $desc, 'fn' => $fn, 'budget' => $budget, 'raw' => $raw];
}

foreach (glob(__DIR__ . '/cases/*.php') ?: [] as $file) {
    require $file;
}
usort($CASES, fn (array $a, array $b): int => version_compare($a['id'], $b['id']));

$opts = ['host' => '127.0.0.1', 'port' => 0, 'timeout' => 5.0, 'case' => [], 'skip' => [], 'list' => false, 'verbose' => false];
$args = array_slice($argv, 1);
for ($i = 0; $i < count($args); $i++) {
    $a = $args[$i];
    switch ($a) {
        case '--host': $opts['host'] = $args[++$i] ?? ''; break;
        case '--port': $opts['port'] = (int) ($args[++$i] ?? 0); break;
        case '--timeout': $opts['timeout'] = (float) ($args[++$i] ?? 5); break;
        case '--case': $opts['case'][] = $args[++$i] ?? ''; break;
        case '--skip': $opts['skip'][] = $args[++$i] ?? ''; break;
        case '--list': $opts['list'] = true; break;
        case '--verbose': $opts['verbose'] = true; break;
        case '--tls': Conn::$tlsCa = $args[++$i] ?? ''; break; /* wss://, verifying the server against this CA file */
        default:
            fwrite(STDERR, "unknown argument $a\n");
            exit(2);
    }
}
if ($opts['host'] !== '127.0.0.1' && $opts['host'] !== 'localhost') {
    fwrite(STDERR, "only 127.0.0.1 is tested\n");
    exit(2);
}

/** Prefix match on whole number components: "5.1" matches 5.1 and 5.1.x, not 5.10. */
function idMatches(string $id, string $prefix): bool
{
    return $id === $prefix || str_starts_with($id, $prefix . '.');
}

$selected = array_values(array_filter($CASES, function (array $c) use ($opts): bool {
    if ($opts['case'] && !array_filter($opts['case'], fn ($p) => idMatches($c['id'], $p))) {
        return false;
    }
    return !array_filter($opts['skip'], fn ($p) => idMatches($c['id'], $p));
}));

if ($opts['list']) {
    foreach ($selected as $c) {
        echo "case {$c['id']}: {$c['desc']}\n";
    }
    exit(0);
}
if ($opts['port'] <= 0) {
    fwrite(STDERR, "usage: php conformance.php --port N [--case PREFIX] [--list]\n");
    exit(2);
}

$passed = 0;
$failed = 0;
$started = now();
foreach ($selected as $case) {
    $notes = new Notes();
    $conn = null;
    $t0 = now();
    $deadline = $t0 + $case['budget'];
    $verdict = null;
    try {
        $conn = $case['raw']
            ? Conn::tcp($opts['host'], $opts['port'], $opts['timeout'], $deadline)
            : Conn::open($opts['host'], $opts['port'], $opts['timeout'], $deadline);
        ($case['fn'])($conn, $notes);
        if ($notes->nonStrict) {
            $verdict = 'NON-STRICT: ' . implode('; ', $notes->nonStrict);
        } elseif ($notes->info) {
            $verdict = 'INFORMATIONAL: ' . implode('; ', $notes->info);
        } else {
            $verdict = 'OK';
        }
        if ($notes->info && $notes->nonStrict) {
            $verdict .= '; ' . implode('; ', $notes->info);
        }
        $passed++;
    } catch (CaseFailed $e) {
        $verdict = 'FAILED: ' . $e->getMessage();
        if (now() >= $deadline) {
            $verdict .= sprintf(' (case time budget of %.0f s used up)', $case['budget']);
        }
        $failed++;
    } catch (\Throwable $e) {
        $verdict = 'FAILED: client error ' . get_class($e) . ': ' . $e->getMessage() . ' at ' . basename($e->getFile()) . ':' . $e->getLine();
        $failed++;
    } finally {
        $conn?->close();
    }
    $line = "case {$case['id']} $verdict";
    if ($notes->timing) {
        $line .= ' [' . implode('; ', $notes->timing) . ']';
    }
    if ($opts['verbose']) {
        $line .= sprintf(' -- %s (%.0f ms)', $case['desc'], (now() - $t0) * 1000);
    }
    echo $line, "\n";
}
printf("conformance: %d passed, %d failed\n", $passed, $failed);
fwrite(STDERR, sprintf("(%d cases in %.1f s)\n", $passed + $failed, now() - $started));
exit($failed === 0 && $passed > 0 ? 0 : 1);
