-- The 64-bit hash of one score of a member and the quarter of the network
-- it falls in, as a photographie prints it (report/member_data.c
-- member_data_quarter: the score to the hundredth against the quartiles
-- and the median, published to the hundredth). A score of at least 0
-- rounds to the hundredth below a bound q (a hundredth) exactly when it is
-- below q - 0.005 (rounding half away from zero). NULL when a quartile is
-- not published (no quarter printed). Summed per evaluation by the
-- photographies' digests (photographie_entrees.sql) and kept by
-- quart_ecrire.sql.
CREATE FUNCTION lecap.quart_hachage(p_niveau text, p_code text, p_score numeric,
                                    p_q1 numeric, p_mediane numeric, p_q3 numeric)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN p_q1 IS NOT NULL AND p_mediane IS NOT NULL AND p_q3 IS NOT NULL THEN
           hash_record_extended((p_niveau, p_code,
              CASE WHEN p_score < 0 THEN CASE WHEN round(p_score, 2) < p_q1 THEN 1
                                              WHEN round(p_score, 2) < p_mediane THEN 2
                                              WHEN round(p_score, 2) < p_q3 THEN 3 ELSE 4 END
                   WHEN p_score < p_q1 - 0.005 THEN 1 WHEN p_score < p_mediane - 0.005 THEN 2
                   WHEN p_score < p_q3 - 0.005 THEN 3 ELSE 4 END), 0) END
$$;
COMMENT ON FUNCTION lecap.quart_hachage(text, text, numeric, numeric, numeric, numeric) IS 'Hachage 64 bits d''un score et du quart du réseau où il tombe, tel que la photographie l''imprime ; NULL sans quartiles publiés';
REVOKE EXECUTE ON FUNCTION lecap.quart_hachage(text, text, numeric, numeric, numeric, numeric) FROM PUBLIC;
