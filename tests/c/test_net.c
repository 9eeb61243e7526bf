/* test_net.c: a peer's address kept in binary and formatted back (ws_addr),
 * and matched against networks as its text would be (ws_cidr_match_addr). */
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

/* The binary address matches the networks exactly when its text does. */
static void same_match(const char *text, const ws_cidr *nets, size_t n, int want)
{
	ws_addr a;

	ws_addr_parse(&a, text);
	is_int(ws_cidr_match(nets, n, text), want);
	is_int(ws_cidr_match_addr(nets, n, &a), want);
}

int main(void)
{
	ws_cidr nets[3];
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

	ok(ws_cidr_parse("10.0.0.0/8", &nets[0]) == 0 && ws_cidr_parse("2001:db8::/32", &nets[1]) == 0 &&
	   ws_cidr_parse("192.0.2.1", &nets[2]) == 0);
	same_match("10.1.2.3", nets, 3, 1);
	same_match("11.0.0.1", nets, 3, 0);
	same_match("::ffff:10.9.9.9", nets, 3, 1); /* IPv4 mapped, either way */
	same_match("192.0.2.1", nets, 3, 1);
	same_match("192.0.2.2", nets, 3, 0);
	same_match("2001:db8:1::5", nets, 3, 1);
	same_match("2001:db9::1", nets, 3, 0);
	same_match("unix", nets, 3, 0);
	same_match("unknown", nets, 3, 0);
	return done_testing();
}
