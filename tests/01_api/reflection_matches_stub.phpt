--TEST--
API: the classes' methods, parameters, defaults, return types and properties are those of stubs/websocket.stub.php
--EXTENSIONS--
websocket
--FILE--
<?php
function show_default(ReflectionParameter $p): string
{
    if ($p->isDefaultValueConstant()) {
        return $p->getDefaultValueConstantName();
    }
    $v = $p->getDefaultValue();
    return is_array($v) ? '[]' : var_export($v, true);
}
foreach (['WebSocket\Server', 'WebSocket\Connection', 'WebSocket\Request', 'WebSocket\Response'] as $cls) {
    $r = new ReflectionClass($cls);
    echo $cls, "\n";
    foreach ($r->getMethods() as $m) {
        $ps = [];
        foreach ($m->getParameters() as $p) {
            $ps[] = $p->getType() . ' $' . $p->getName() . ($p->isOptional() ? ' = ' . show_default($p) : '');
        }
        echo '  ', implode(' ', Reflection::getModifierNames($m->getModifiers())), ' ', $m->getName(), '(', implode(', ', $ps), ')',
            $m->hasReturnType() ? ': ' . $m->getReturnType() : '', "\n";
    }
    foreach ($r->getProperties() as $p) {
        echo '  ', implode(' ', Reflection::getModifierNames($p->getModifiers())), ' ', $p->getType(), ' $', $p->getName(),
            $p->hasDefaultValue() ? ' = ' . var_export($p->getDefaultValue(), true) : '', "\n";
    }
}
?>
--EXPECT--
WebSocket\Server
  public __construct(string $host, int $port, array $options = [])
  public onOpen(?callable $callback): static
  public onMessage(?callable $callback): static
  public onClose(?callable $callback): static
  public onError(?callable $callback): static
  public onDrain(?callable $callback): static
  public onShutdown(?callable $callback): static
  public onReload(?callable $callback): static
  public onHandshake(?callable $callback): static
  public onRequest(?callable $callback): static
  public onWorkerStart(?callable $callback): static
  public onWorkerStop(?callable $callback): static
  public run(): void
  public stop(): void
  public getHost(): string
  public getPort(): int
  public listen(string $host, int $port, array $options = []): int
  public reloadTls(?array $tls = NULL): void
  public getWorkerId(): ?int
  public broadcast(string $data, bool $binary = false, ?array $except = NULL, bool $compress = true): int
  public publish(string $topic, string $data, bool $binary = false, ?array $except = NULL, bool $compress = true): int
  public getSubscriberCount(string $topic, bool $allWorkers = false): int
  public getNodeId(): int
  public after(int $milliseconds, callable $callback): int
  public every(int $milliseconds, callable $callback): int
  public cancel(int $timerId): bool
  public count(): int
  public getConnections(): array
  public getConnection(int $id): ?WebSocket\Connection
  public getIterator(): Iterator
  public getStats(): array
WebSocket\Connection
  public send(string $data, bool $binary = false, bool $compress = true): bool
  public sendJson(mixed $value, int $flags = 0, int $depth = 512): bool
  public ping(string $payload = ''): bool
  public close(WebSocket\CloseCode|int $code = WebSocket\CloseCode::Normal, string $reason = ''): void
  public isOpen(): bool
  public getBufferedAmount(): int
  public getRemoteAddress(): string
  public getRemotePort(): int
  public getPath(): string
  public getQuery(): string
  public getHeaders(): array
  public getHeader(string $name): ?string
  public getSubprotocol(): ?string
  public getExtensions(): array
  public getRtt(): ?float
  public subscribe(string $topic): bool
  public unsubscribe(string $topic): bool
  public isSubscribed(string $topic): bool
  public getTopics(): array
  public getClusterId(): string
  public getTlsInfo(): ?array
  public readonly int $id
  public mixed $data = NULL
WebSocket\Request
  public getMethod(): string
  public getPath(): string
  public getQuery(): string
  public getHeaders(): array
  public getHeader(string $name): ?string
  public getCookies(): array
  public getCookie(string $name): ?string
  public getBody(): string
  public getRemoteAddress(): string
  public mixed $data = NULL
WebSocket\Response
  public setStatus(int $status): static
  public getStatus(): int
  public setHeader(string $name, string $value): static
  public addHeader(string $name, string $value): static
  public setSubprotocol(?string $name): static
  public end(string $body = ''): void
  public sendFile(string $path, ?string $contentType = NULL): bool
