/* test_net.c: a peer's address kept in binary and formatted back (ws_addr). */
#include <string.h>

#include "core/ws_net.h"
#include "tap.h"

/* text as ws_net_accept() writes it: parsed and formatted back unchanged. */
static void roundtrip(const char *text, int family)
{
	ws_addr a;
	char out[WS_ADDR_TEXT];

	is_int(ws_addr_parse(&a, text), 0);
	is_int(a.family, family);
	is_str(ws_addr_format(&a, out), text);
}

int main(void)
{
	ws_addr a;
	char out[WS_ADDR_TEXT];

	roundtrip("127.0.0.1", WS_ADDR_V4);
	roundtrip("203.0.113.255", WS_ADDR_V4);
	roundtrip("::1", WS_ADDR_V6);
	roundtrip("2001:db8::1", WS_ADDR_V6);
	roundtrip("::ffff:192.0.2.1", WS_ADDR_V6);
	roundtrip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", WS_ADDR_V6);
	roundtrip("unix", WS_ADDR_UNIX);
	roundtrip("unknown", WS_ADDR_UNKNOWN);

	/* Another spelling of an IPv6 address (a forwarded client) comes back in the RFC 5952 form. */
	is_int(ws_addr_parse(&a, "2001:DB8:0:0::0001"), 0);
	is_str(ws_addr_format(&a, out), "2001:db8::1");
	/* Anything else is unknown. */
	is_int(ws_addr_parse(&a, "not-an-ip"), -1);
	is_str(ws_addr_format(&a, out), "unknown");
	return done_testing();
}
