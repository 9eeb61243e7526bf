<?php

namespace app\listener;

use think\Request;

/** ?token=bad is refused (403); ?token=good-NAME is let in as ['user' => NAME], the connection's $data. */
class WsHandshake
{
    public function handle(Request $request): mixed
    {
        $token = (string) $request->get('token', '');
        if ($token === '') {
            return null;
        }
        if (!str_starts_with($token, 'good-')) {
            return false;
        }
        return ['user' => substr($token, 5), 'ip' => $request->ip()];
    }
}
