<?php

declare(strict_types=1);

namespace WebSocket\Laravel\Console;

use Illuminate\Console\Command;

final class ReloadCommand extends Command
{
    protected $signature = 'websocket:reload';

    protected $description = 'Replace the running websocket:serve workers one at a time (SIGHUP; clients get 1012 and reconnect)';

    public function handle(): int
    {
        return Signal::send($this, SIGHUP, 'reload') ? self::SUCCESS : self::FAILURE;
    }
}
