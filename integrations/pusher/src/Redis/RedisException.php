<?php

declare(strict_types=1);

namespace WebSocket\Pusher\Redis;

final class RedisException extends \RuntimeException
{
}
