# 81-synthese.sh again, over STARTTLS: the local sink requires it, with a throwaway
# certificate that lecap verifies against [diffusion] ca_fichier (tests/smtp/sink.sh).
SMTP_MODE=starttls
. tests/integration/81-synthese.sh
