/* Unit tests of src/mime.c: exact headers and body, RFC 2047 words,
 * quoted-printable, base64 and its round trip, dates. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "io/mime.h"

static void assert_b64(const char *in, size_t len, const char *expected)
{
	char *s = mime_base64((const unsigned char *)in, len);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, expected);
	free(s);
}

Test(mime, base64_known_values)
{
	assert_b64("", 0, "");
	assert_b64("f", 1, "Zg==\r\n");
	assert_b64("fo", 2, "Zm8=\r\n");
	assert_b64("foo", 3, "Zm9v\r\n");
	assert_b64("foobar", 6, "Zm9vYmFy\r\n");
	/* 57 bytes fill one 76-character line; the 58th starts another. */
	assert_b64("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 57,
		   "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\r\n");
	assert_b64("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", 58,
		   "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\r\nYg==\r\n");
}

Test(mime, base64_round_trip)
{
	enum { N = 10007 };
	unsigned char *data = malloc(N), *back = malloc(N + 3);
	unsigned seed = 12345;
	char *text, *line;

	for (size_t i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		data[i] = (unsigned char)(seed >> 16);
	}
	for (size_t len = 0; len <= N; len += len < 200 ? 1 : 997) {
		text = mime_base64(data, len);
		cr_assert_not_null(text);
		/* Every line 76 characters at most, CRLF-terminated. */
		for (line = text; *line;) {
			char *end = strstr(line, "\r\n");
			cr_assert_not_null(end);
			cr_assert_leq(end - line, 76);
			line = end + 2;
		}
		cr_assert_eq(mime_base64_decode(text, back), (long)len, "length %zu", len);
		cr_assert_eq(memcmp(data, back, len), 0, "length %zu", len);
		free(text);
	}
	free(data);
	free(back);
}

Test(mime, base64_decode_rejects)
{
	unsigned char out[16];
	cr_assert_eq(mime_base64_decode("Zm9", out), -1);
	cr_assert_eq(mime_base64_decode("Z!==", out), -1);
	cr_assert_eq(mime_base64_decode("Zg==Zg==", out), -1);
	cr_assert_eq(mime_base64_decode("Z===", out), -1);
	cr_assert_eq(mime_base64_decode("Zm9v\r\nYmFy", out), 6);
	cr_assert_eq(memcmp(out, "foobar", 6), 0);
}

static void assert_qp(const char *in, const char *expected)
{
	char *s = mime_quoted_printable(in);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, expected);
	free(s);
}

Test(mime, quoted_printable)
{
	assert_qp("Bonjour é\n", "Bonjour =C3=A9\r\n");
	assert_qp("a = b\n", "a =3D b\r\n");
	assert_qp("fin \nfin\t\n", "fin=20\r\nfin=09\r\n");
	assert_qp("sans fin de ligne ", "sans fin de ligne=20");
	/* 76 characters fit on a line; a longer one breaks softly after 75. */
	assert_qp("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
	assert_qp("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\nab\r\n");
	/* An encoded character is never cut by a soft break. */
	assert_qp("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé\n",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n=C3=A9\r\n");
}

static void assert_words(const char *in, const char *expected)
{
	char *s = mime_encode_words(in);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, expected);
	free(s);
}

Test(mime, encoded_words)
{
	assert_words("Le Cap - rapport national", "Le Cap - rapport national");
	assert_words("Émilie Durand", "=?UTF-8?B?w4ltaWxpZSBEdXJhbmQ=?=");
	/* 39 bytes a word at most: "Le Cap — rapport Auvergne-Rhône-Alpe"
	 * then "s — campagne 2026". */
	assert_words("Le Cap — rapport Auvergne-Rhône-Alpes — campagne 2026",
		     "=?UTF-8?B?TGUgQ2FwIOKAlCByYXBwb3J0IEF1dmVyZ25lLVJow7RuZS1BbHBl?=\r\n"
		     " =?UTF-8?B?cyDigJQgY2FtcGFnbmUgMjAyNg==?=");
	/* Never inside a character: 38 "a" then "é" would straddle byte 39. */
	assert_words("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
		     "=?UTF-8?B?YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=?=\r\n"
		     " =?UTF-8?B?w6k=?=");
}

Test(mime, addresses)
{
	char *s;
	s = mime_address("", "a@example.org");
	cr_assert_str_eq(s, "a@example.org");
	free(s);
	s = mime_address("Jean Dupont", "jean@example.org");
	cr_assert_str_eq(s, "Jean Dupont <jean@example.org>");
	free(s);
	s = mime_address("Dupont, Jean \"JD\"", "jean@example.org");
	cr_assert_str_eq(s, "\"Dupont, Jean \\\"JD\\\"\" <jean@example.org>");
	free(s);
	s = mime_address("Émilie", "e@example.org");
	cr_assert_str_eq(s, "=?UTF-8?B?w4ltaWxpZQ==?= <e@example.org>");
	free(s);
}

Test(mime, rfc5322_dates)
{
	char d[40];
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	mime_date(1795817100, d); /* 2026-11-27 22:05:00 UTC */
	cr_assert_str_eq(d, "Fri, 27 Nov 2026 23:05:00 +0100");
	mime_date(1784017805, d); /* 2026-07-14 08:30:05 UTC */
	cr_assert_str_eq(d, "Tue, 14 Jul 2026 10:30:05 +0200");
	setenv("TZ", "America/St_Johns", 1);
	tzset();
	mime_date(1795817100, d);
	cr_assert_str_eq(d, "Fri, 27 Nov 2026 18:35:00 -0330");
}

Test(mime, message_ids_are_unique)
{
	char a[160], b[160];
	mime_message_id("coorace.org", a);
	mime_message_id("coorace.org", b);
	cr_assert_str_neq(a, b);
	cr_assert_eq(a[0], '<');
	cr_assert_not_null(strstr(a, "@coorace.org>"));
	cr_assert_eq(strlen(strstr(a, "@coorace.org>")), strlen("@coorace.org>"));
}

Test(mime, whole_message)
{
	static const unsigned char pdf[] =
		"%PDF-1.4\n% lecap\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
	struct mime_message m = {
		.from_name = "COORACE — Le Cap", .from_addr = "lecap@coorace.org",
		.to_name = "Émilie Durand", .to_addr = "emilie@example.org",
		.subject = "Le Cap — rapport Provence-Alpes-Côte d'Azur — campagne 2026",
		.date = "Fri, 27 Nov 2026 23:05:00 +0100",
		.message_id = "<20261127230500.42.1.abcdef@coorace.org>",
		.body = "Bonjour Émilie Durand,\n\nVeuillez trouver ci-joint le rapport Le Cap de la "
			"région Provence-Alpes-Côte d'Azur pour la campagne 2026.\n\n"
			"- entreprises évaluées : 14\n",
		.attachment = pdf, .attachment_len = sizeof(pdf) - 1,
		.filename = "93-provence-alpes-cote-d-azur.pdf", .content_type = "application/pdf",
	};
	static const char expected[] =
		"From: =?UTF-8?B?Q09PUkFDRSDigJQgTGUgQ2Fw?= <lecap@coorace.org>\r\n"
		"To: =?UTF-8?B?w4ltaWxpZSBEdXJhbmQ=?= <emilie@example.org>\r\n"
		"Subject: =?UTF-8?B?TGUgQ2FwIOKAlCByYXBwb3J0IFByb3ZlbmNlLUFscGVzLUPDtHRl?=\r\n"
		" =?UTF-8?B?IGQnQXp1ciDigJQgY2FtcGFnbmUgMjAyNg==?=\r\n"
		"Date: Fri, 27 Nov 2026 23:05:00 +0100\r\n"
		"Message-ID: <20261127230500.42.1.abcdef@coorace.org>\r\n"
		"MIME-Version: 1.0\r\n"
		"Auto-Submitted: auto-generated\r\n"
		"Content-Type: multipart/mixed; boundary=\"=_lecap_dd8fc44c3666960e7fa91806\"\r\n"
		"\r\n"
		"Ce message est au format MIME.\r\n"
		"\r\n"
		"--=_lecap_dd8fc44c3666960e7fa91806\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"\r\n"
		"Bonjour =C3=89milie Durand,\r\n"
		"\r\n"
		"Veuillez trouver ci-joint le rapport Le Cap de la r=C3=A9gion Provence-Alpe=\r\n"
		"s-C=C3=B4te d'Azur pour la campagne 2026.\r\n"
		"\r\n"
		"- entreprises =C3=A9valu=C3=A9es : 14\r\n"
		"\r\n"
		"--=_lecap_dd8fc44c3666960e7fa91806\r\n"
		"Content-Type: application/pdf; name=\"93-provence-alpes-cote-d-azur.pdf\"\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"Content-Disposition: attachment; filename=\"93-provence-alpes-cote-d-azur.pdf\"\r\n"
		"\r\n"
		"JVBERi0xLjQKJSBsZWNhcAoxIDAgb2JqCjw8ID4+CmVuZG9iagp0cmFpbGVyCjw8IC9Sb290IDEg\r\n"
		"MCBSID4+CiUlRU9GCg==\r\n"
		"\r\n"
		"--=_lecap_dd8fc44c3666960e7fa91806--\r\n";
	char *out = NULL;
	size_t len = 0;

	cr_assert_eq(mime_build(&m, &out, &len), 0);
	cr_assert_eq(len, strlen(out));
	cr_assert_str_eq(out, expected);
	free(out);

	/* Same report, same recipient: same bytes but for Date and Message-ID. */
	m.date = NULL;
	m.message_id = NULL;
	cr_assert_eq(mime_build(&m, &out, &len), 0);
	cr_assert_not_null(strstr(out, "boundary=\"=_lecap_dd8fc44c3666960e7fa91806\""));
	cr_assert_not_null(strstr(out, "@coorace.org>\r\nMIME-Version: 1.0\r\n"));
	free(out);
}
