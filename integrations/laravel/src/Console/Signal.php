<?php

declare(strict_types=1);

namespace WebSocket\Laravel\Console;

use Illuminate\Console\Command;

/** Signals the server named by the pid file websocket:serve writes. */
final class Signal
{
    public static function send(Command $cmd, int $signal, string $what): ?int
    {
        if (!function_exists('posix_kill')) {
            $cmd->error("websocket:$what needs the posix extension.");
            return null;
        }
        $file = (string) config('websocket.server.pid_file', storage_path('framework/websocket.pid'));
        $pid = is_file($file) ? (int) trim((string) file_get_contents($file)) : 0;
        if ($pid <= 0 || !posix_kill($pid, 0)) {
            $cmd->error("No running websocket:serve (pid file $file).");
            return null;
        }
        if (!posix_kill($pid, $signal)) {
            $cmd->error("Could not signal websocket:serve ($pid): " . posix_strerror(posix_get_last_error()));
            return null;
        }
        $cmd->info("Sent the $what signal to websocket:serve ($pid).");
        return $pid;
    }
}
