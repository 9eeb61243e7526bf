<?php

declare(strict_types=1);

namespace WebSocket\Think;

/**
 * Registered through composer.json's extra.think.services (`php think service:discover` lists it in
 * vendor/services.php): binds the Websocket service and adds the `websocket` command.
 */
class Service extends \think\Service
{
    public function register(): void
    {
        $this->app->bind('websocket', Websocket::class);
    }

    public function boot(): void
    {
        $this->commands([Command::class]);
    }
}
