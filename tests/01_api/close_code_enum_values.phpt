--TEST--
CloseCode: a backed int enum with the RFC 6455 close codes named in the README
--EXTENSIONS--
websocket
--FILE--
<?php
$r = new ReflectionEnum('WebSocket\CloseCode');
echo 'backed by ', $r->getBackingType(), "\n";
foreach (WebSocket\CloseCode::cases() as $c) {
    echo $c->name, ' = ', $c->value, "\n";
}
var_dump(WebSocket\CloseCode::from(1002) === WebSocket\CloseCode::ProtocolError);
var_dump(WebSocket\CloseCode::tryFrom(1004));
?>
--EXPECT--
backed by int
Normal = 1000
GoingAway = 1001
ProtocolError = 1002
UnsupportedData = 1003
NoStatus = 1005
Abnormal = 1006
InvalidPayload = 1007
PolicyViolation = 1008
MessageTooBig = 1009
MandatoryExtension = 1010
InternalError = 1011
TryAgainLater = 1013
bool(true)
NULL
