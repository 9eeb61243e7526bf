--TEST--
Options: workers (1 to 1024), worker_max_messages and worker_max_memory (0 or more, and only with workers of 2 or more), shutdown_timeout (0 or more ms) and handle_signals (bool) are checked at construction: a wrong type throws TypeError, a value out of range or a combination that cannot work throws ValueError, each naming the option
--EXTENSIONS--
websocket
--FILE--
<?php
function attempt(array $options): void
{
    try {
        $s = new WebSocket\Server('127.0.0.1', 0, $options);
        echo json_encode($options, JSON_PRESERVE_ZERO_FRACTION), ": ok\n";
    } catch (Throwable $e) {
        echo json_encode($options, JSON_PRESERVE_ZERO_FRACTION), ": ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
attempt(['workers' => 1]);
attempt(['workers' => 2]);
attempt(['workers' => 1024]);
attempt(['workers' => 0]);
attempt(['workers' => 1025]);
attempt(['workers' => -2]);
attempt(['workers' => '2']);
attempt(['workers' => 2.0]);
attempt(['workers' => null]);
attempt(['workers' => 2, 'worker_max_messages' => 1000, 'worker_max_memory' => 64 << 20]);
attempt(['workers' => 2, 'worker_max_messages' => 0, 'worker_max_memory' => 0]);
attempt(['worker_max_messages' => 1000]);
attempt(['workers' => 1, 'worker_max_memory' => 64 << 20]);
attempt(['worker_max_messages' => 0, 'worker_max_memory' => 0]);
attempt(['workers' => 2, 'worker_max_messages' => -1]);
attempt(['workers' => 2, 'worker_max_memory' => -1]);
attempt(['workers' => 2, 'worker_max_messages' => '1000']);
attempt(['workers' => 2, 'worker_max_memory' => '64M']);
attempt(['shutdown_timeout' => 0]);
attempt(['shutdown_timeout' => 30000]);
attempt(['shutdown_timeout' => -1]);
attempt(['shutdown_timeout' => '5000']);
attempt(['shutdown_timeout' => 1.5]);
attempt(['handle_signals' => true]);
attempt(['handle_signals' => false]);
attempt(['handle_signals' => 1]);
attempt(['handle_signals' => 'no']);
attempt(['handle_signals' => null]);
?>
--EXPECT--
{"workers":1}: ok
{"workers":2}: ok
{"workers":1024}: ok
{"workers":0}: ValueError: WebSocket\Server::__construct(): Option "workers" must be between 1 and 1024, 0 given
{"workers":1025}: ValueError: WebSocket\Server::__construct(): Option "workers" must be between 1 and 1024, 1025 given
{"workers":-2}: ValueError: WebSocket\Server::__construct(): Option "workers" must be between 1 and 1024, -2 given
{"workers":"2"}: TypeError: WebSocket\Server::__construct(): Option "workers" must be of type int, string given
{"workers":2.0}: TypeError: WebSocket\Server::__construct(): Option "workers" must be of type int, float given
{"workers":null}: TypeError: WebSocket\Server::__construct(): Option "workers" must be of type int, null given
{"workers":2,"worker_max_messages":1000,"worker_max_memory":67108864}: ok
{"workers":2,"worker_max_messages":0,"worker_max_memory":0}: ok
{"worker_max_messages":1000}: ValueError: WebSocket\Server::__construct(): Options "worker_max_messages" and "worker_max_memory" need "workers" of 2 or more: a worker that recycles itself is replaced by the master
{"workers":1,"worker_max_memory":67108864}: ValueError: WebSocket\Server::__construct(): Options "worker_max_messages" and "worker_max_memory" need "workers" of 2 or more: a worker that recycles itself is replaced by the master
{"worker_max_messages":0,"worker_max_memory":0}: ok
{"workers":2,"worker_max_messages":-1}: ValueError: WebSocket\Server::__construct(): Option "worker_max_messages" must be between 0 and 9223372036854775807, -1 given
{"workers":2,"worker_max_memory":-1}: ValueError: WebSocket\Server::__construct(): Option "worker_max_memory" must be between 0 and 9223372036854775807, -1 given
{"workers":2,"worker_max_messages":"1000"}: TypeError: WebSocket\Server::__construct(): Option "worker_max_messages" must be of type int, string given
{"workers":2,"worker_max_memory":"64M"}: TypeError: WebSocket\Server::__construct(): Option "worker_max_memory" must be of type int, string given
{"shutdown_timeout":0}: ok
{"shutdown_timeout":30000}: ok
{"shutdown_timeout":-1}: ValueError: WebSocket\Server::__construct(): Option "shutdown_timeout" must be between 0 and 9223372036854775807, -1 given
{"shutdown_timeout":"5000"}: TypeError: WebSocket\Server::__construct(): Option "shutdown_timeout" must be of type int, string given
{"shutdown_timeout":1.5}: TypeError: WebSocket\Server::__construct(): Option "shutdown_timeout" must be of type int, float given
{"handle_signals":true}: ok
{"handle_signals":false}: ok
{"handle_signals":1}: TypeError: WebSocket\Server::__construct(): Option "handle_signals" must be of type bool, int given
{"handle_signals":"no"}: TypeError: WebSocket\Server::__construct(): Option "handle_signals" must be of type bool, string given
{"handle_signals":null}: TypeError: WebSocket\Server::__construct(): Option "handle_signals" must be of type bool, null given
