<?php

declare(strict_types=1);

namespace WebSocket\Laravel\Console;

use Illuminate\Console\Command;

final class StopCommand extends Command
{
    protected $signature = 'websocket:stop {--wait=15 : Seconds to wait for the server to exit}';

    protected $description = 'Stop the running websocket:serve gracefully (SIGTERM; clients get close 1001)';

    public function handle(): int
    {
        $pid = Signal::send($this, SIGTERM, 'stop');
        if ($pid === null) {
            return self::FAILURE;
        }
        $deadline = microtime(true) + (int) $this->option('wait');
        while (microtime(true) < $deadline) {
            if (!posix_kill($pid, 0)) {
                $this->info("websocket:serve ($pid) has stopped.");
                return self::SUCCESS;
            }
            usleep(100_000);
        }
        $this->warn("websocket:serve ($pid) is still stopping after {$this->option('wait')} s.");
        return self::FAILURE;
    }
}
