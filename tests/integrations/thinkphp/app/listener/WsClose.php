<?php

namespace app\listener;

use WebSocket\Think\Close;

/** Appends "<client id> <code>" to runtime/closes.log, which the scenario reads. */
class WsClose
{
    public function handle(Close $close): void
    {
        file_put_contents(runtime_path() . 'closes.log', "{$close->sender} {$close->code}\n", FILE_APPEND | LOCK_EX);
    }
}
