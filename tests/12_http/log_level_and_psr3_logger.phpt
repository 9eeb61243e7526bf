--TEST--
Logging: the engine's lines go to a PSR-3 logger when one is given (psr/log's interface, detected at run time), else to stderr; log_level filters them (info adds start, stop and refusal lines); a logger that throws does not lose the line; bad values are refused
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/../inc/server.inc';
require __DIR__ . '/../inc/client.inc';

/* psr/log's LoggerInterface, as its package declares it (a real app gets it from Composer). */
$psr = <<<'PHP'
namespace Psr\Log {
    interface LoggerInterface {
        public function log($level, string|\Stringable $message, array $context = []): void;
    }
}
namespace {
    final class Lines implements Psr\Log\LoggerInterface {
        public function log($level, string|\Stringable $message, array $context = []): void {
            if (str_contains($message, 'stopping')) {
                throw new RuntimeException('logger down');
            }
            echo "logger: [$level] ", preg_replace('/\d+/', 'N', (string) $message), "\n";
        }
    }
}
PHP;
$code = <<<'PHP'
eval(getenv('WST_PSR'));
$opts = ['max_connections' => 1000000] + (getenv('WST_LEVEL') ? ['log_level' => getenv('WST_LEVEL')] : []) + (getenv('WST_LOGGER') ? ['logger' => new Lines()] : []);
$server = new WebSocket\Server('127.0.0.1', 0, $opts);
/* READY from inside the loop: the SIGTERM the test sends then finds run()'s handler in place. */
$server->after(0, function () use ($server) { echo 'READY ', $server->getPort(), "\n"; });
wst_guard($server, 5000);
$server->run();
echo "server: run returned\n";
PHP;
putenv('WST_PSR=' . $psr);
foreach ([['', ''], ['error', ''], ['', '1'], ['off', '1'], ['info', '']] as [$level, $logger]) {
    putenv("WST_LEVEL=$level");
    putenv("WST_LOGGER=$logger");
    echo "log_level ", $level ?: '(default)', ", ", $logger ? 'a PSR-3 logger' : 'stderr', ":\n";
    $srv = wst_spawn_server($code);
    proc_terminate($srv['proc'], 15); /* SIGTERM: exec'd, so the child is PHP itself */
    ob_start();
    wst_finish($srv);
    echo preg_replace(['/\d+/', '/^--- server.*\n/m'], ['N', ''], ob_get_clean());
}
foreach ([['log_level', 'debug'], ['log_level', 3], ['logger', new stdClass()]] as [$k, $v]) {
    try {
        new WebSocket\Server('127.0.0.1', 0, [$k => $v]);
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
log_level (default), stderr:
server: run returned
WebSocket\Server: warning: max_connections lowered from N to N: the open-file limit (RLIMIT_NOFILE) is N (raise it with ulimit -n, or LimitNOFILE= under systemd)
WebSocket\Server: notice: SIGTERM: stopping gracefully (N connection(s), shutdown_timeout N ms)
log_level error, stderr:
server: run returned
log_level (default), a PSR-3 logger:
logger: [warning] WebSocket\Server: max_connections lowered from N to N: the open-file limit (RLIMIT_NOFILE) is N (raise it with ulimit -n, or LimitNOFILE= under systemd)
server: run returned
WebSocket\Server: notice: SIGTERM: stopping gracefully (N connection(s), shutdown_timeout N ms)
log_level off, a PSR-3 logger:
server: run returned
log_level info, stderr:
server: run returned
WebSocket\Server: warning: max_connections lowered from N to N: the open-file limit (RLIMIT_NOFILE) is N (raise it with ulimit -n, or LimitNOFILE= under systemd)
WebSocket\Server: info: serving N.N.N.N (port N) and N more listener(s), max_connections N
WebSocket\Server: notice: SIGTERM: stopping gracefully (N connection(s), shutdown_timeout N ms)
WebSocket\Server: info: stopping gracefully: close N to N connection(s)
WebSocket\Server: info: stopped serving N.N.N.N (port N)
ValueError: WebSocket\Server::__construct(): Option "log_level" must be "error", "warning", "notice", "info" or "off", "debug" given
TypeError: WebSocket\Server::__construct(): Option "log_level" must be of type string, int given
TypeError: WebSocket\Server::__construct(): Option "logger" must be a Psr\Log\LoggerInterface (psr/log is not loaded), stdClass given
