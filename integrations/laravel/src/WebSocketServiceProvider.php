<?php

declare(strict_types=1);

namespace WebSocket\Laravel;

use Illuminate\Support\ServiceProvider;

final class WebSocketServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->mergeConfigFrom(__DIR__ . '/../config/websocket.php', 'websocket');
    }

    public function boot(): void
    {
        if ($this->app->runningInConsole()) {
            $this->publishes([__DIR__ . '/../config/websocket.php' => config_path('websocket.php')], 'websocket-config');
            $this->commands([Console\ServeCommand::class, Console\ReloadCommand::class, Console\StopCommand::class]);
        }
    }
}
