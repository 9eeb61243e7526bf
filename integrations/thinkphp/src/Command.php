<?php

declare(strict_types=1);

namespace WebSocket\Think;

use think\console\Command as ThinkCommand;
use think\console\input\Argument;

/**
 * php think websocket [start|stop|reload|restart|status]
 *
 * start (the default) runs the server in the foreground until SIGTERM or SIGINT (Supervisor, systemd, a
 * terminal): there is no -d, a process manager keeps it running. stop, reload and restart signal the server that
 * the pid file names (SIGTERM: every client gets close 1001; SIGHUP: with workers, each is replaced in turn and
 * its clients get 1012; without, websocket.Reload is triggered). status tells whether it runs.
 */
class Command extends ThinkCommand
{
    protected function configure(): void
    {
        $this->setName('websocket')
            ->addArgument('action', Argument::OPTIONAL, 'start|stop|reload|restart|status', 'start')
            ->setDescription('The WebSocket server (ext-websocket), in the foreground');
    }

    public function handle(): int
    {
        $action = (string) $this->input->getArgument('action');
        $config = (array) $this->app->config->get('websocket', []);
        try {
            return $this->dispatch($action, $config);
        } catch (\Throwable $e) {
            // ThinkPHP's console renders an Error but exits 0: Supervisor must see a failed start.
            fwrite(STDERR, sprintf("websocket %s: %s: %s in %s:%d\n", $action, $e::class, $e->getMessage(), $e->getFile(), $e->getLine()));
            return 1;
        }
    }

    /** @param array<string, mixed> $config */
    private function dispatch(string $action, array $config): int
    {
        return match ($action) {
            'start' => $this->start($config),
            'stop' => $this->stop($config),
            'reload' => $this->reload($config),
            'restart' => $this->stop($config) === 0 ? $this->start($config) : 1,
            'status' => $this->status($config),
            default => $this->fail("Unknown action \"$action\": start, stop, reload, restart or status"),
        };
    }

    /** @param array<string, mixed> $config */
    private function start(array $config): int
    {
        if (!extension_loaded('websocket')) {
            return $this->fail('The websocket extension is not loaded (php -d extension=websocket, or enable it in php.ini)');
        }
        $pidFile = $this->pidFile($config);
        if (($pid = $this->runningPid($pidFile)) !== null) {
            return $this->fail("Already running (pid $pid, $pidFile)");
        }
        $manager = new Manager($this->app, $this->app->make(Websocket::class));
        try {
            $server = $manager->create($config);
        } catch (\ValueError | \TypeError $e) {
            return $this->fail('config/websocket.php: ' . $e->getMessage());
        } catch (\WebSocket\ServerException $e) {
            return $this->fail('Cannot listen on ' . ($config['host'] ?? '127.0.0.1') . ':' . ($config['port'] ?? 9502) . ': ' . $e->getMessage());
        }
        $dir = dirname($pidFile);
        if (!is_dir($dir) && !@mkdir($dir, 0775, true) && !is_dir($dir)) {
            return $this->fail("Cannot create $dir for the pid file");
        }
        $pid = getmypid();
        if (@file_put_contents($pidFile, $pid . "\n") === false) {
            return $this->fail("Cannot write the pid file $pidFile");
        }
        $host = $server->getHost();
        $scheme = empty($config['options']['tls']) ? 'ws://' : 'wss://';
        $where = str_starts_with($host, 'unix://') ? $host : $scheme . (str_contains($host, ':') ? "[$host]" : $host) . ':' . $server->getPort();
        $workers = (int) ($config['workers'] ?? 1);
        $this->output->writeln(sprintf('WebSocket server on %s, node %d, %s, pid %d', $where, $server->getNodeId(),
            $workers > 1 ? "$workers workers" : 'one process', $pid));
        try {
            $server->run();   // workers never come back here; the master (or the single process) does at the stop
        } finally {
            if (@file_get_contents($pidFile) === $pid . "\n") {
                @unlink($pidFile);
            }
        }
        $this->output->writeln('WebSocket server stopped');
        return 0;
    }

    /** @param array<string, mixed> $config */
    private function stop(array $config): int
    {
        $pidFile = $this->pidFile($config);
        $pid = $this->runningPid($pidFile);
        if ($pid === null) {
            $this->output->writeln('Not running');
            return 0;
        }
        if (!$this->signal($pid, 15)) {
            return $this->fail("Cannot signal pid $pid");
        }
        // The server's own bound (shutdown_timeout, 5 s by default) plus the master's 5 s for a worker still
        // draining, plus a margin.
        $limit = (($config['options']['shutdown_timeout'] ?? 5000) / 1000) + 10;
        $deadline = microtime(true) + $limit;
        while (microtime(true) < $deadline) {
            if (!$this->alive($pid)) {
                $this->output->writeln("Stopped (pid $pid)");
                return 0;
            }
            usleep(50000);
        }
        return $this->fail("pid $pid still running after {$limit} s");
    }

    /** @param array<string, mixed> $config */
    private function reload(array $config): int
    {
        $pid = $this->runningPid($this->pidFile($config));
        if ($pid === null) {
            return $this->fail('Not running');
        }
        if (!$this->signal($pid, 1)) {
            return $this->fail("Cannot signal pid $pid");
        }
        $this->output->writeln("Reloading (SIGHUP to pid $pid)");
        return 0;
    }

    /** @param array<string, mixed> $config */
    private function status(array $config): int
    {
        $pidFile = $this->pidFile($config);
        $pid = $this->runningPid($pidFile);
        if ($pid === null) {
            $this->output->writeln('Not running');
            return 3;
        }
        $this->output->writeln(sprintf('Running, pid %d, %s:%d', $pid, $config['host'] ?? '127.0.0.1', $config['port'] ?? 9502));
        return 0;
    }

    /** @param array<string, mixed> $config */
    private function pidFile(array $config): string
    {
        return (string) ($config['pid_file'] ?? $this->app->getRuntimePath() . 'websocket.pid');
    }

    /** The pid in the file if that process is alive and is a `think websocket`. */
    private function runningPid(string $pidFile): ?int
    {
        $text = @file_get_contents($pidFile);
        if ($text === false || !ctype_digit(trim($text))) {
            return null;
        }
        $pid = (int) trim($text);
        if ($pid <= 1 || $pid === getmypid() || !$this->alive($pid)) {
            return null;
        }
        $cmdline = @file_get_contents("/proc/$pid/cmdline");
        if ($cmdline !== false && !str_contains($cmdline, 'websocket')) {
            return null;   // a stale file whose pid another program has now
        }
        return $pid;
    }

    private function alive(int $pid): bool
    {
        // A zombie (exited, not yet reaped by its parent) has stopped: it holds no port and serves nobody.
        $stat = @file_get_contents("/proc/$pid/stat");
        if ($stat !== false && ($p = strrpos($stat, ')')) !== false && ($stat[$p + 2] ?? '') === 'Z') {
            return false;
        }
        if (function_exists('posix_kill')) {
            return posix_kill($pid, 0) || posix_get_last_error() === 1;   // EPERM: alive, someone else's
        }
        return is_dir("/proc/$pid");
    }

    private function signal(int $pid, int $signo): bool
    {
        if (!function_exists('posix_kill')) {
            $this->output->writeln('<error>stop, reload and restart need the posix extension</error>');
            return false;
        }
        return posix_kill($pid, $signo);
    }

    private function fail(string $message): int
    {
        $this->output->writeln("<error>$message</error>");
        return 1;
    }
}
