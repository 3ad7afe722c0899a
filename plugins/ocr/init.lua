-- OCR: the Level 2/3/4 NVQ in Customer Service (centre handbook 05943/05944/05945) and the
-- single units 23 (AG26) and F04. Every rule OCR's documents give is one of nvq's shared rules:
--   evidence: method codes (handbook 8.2), simulation only for units 1, 5 and 6 (3.14, 3.15),
--             realistic working environments only for the units listed (3.15), witness
--             testimony items (3.10), countersigned personal statements (3.11);
--   progress: every element, criterion and evidence-requirement range covered and a summative
--             decision met before sign-off (3.1, 3.4, 3.17); rules of combination (6.2);
--   claims:   only finished, signed-off units (5.1), the ten-week rule (5.2), a qualified
--             internal verifier (4.1), the last certification date (2.1).
nvq.body()
reports.register() -- CAR, witness list, record of achievement, EV visit pack
