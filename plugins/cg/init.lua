-- City & Guilds 3412 NVQ in Contact Centre Operations: the five qualifications and the twelve
-- imported units of the Levels 4 and 5 imported unit pack (September 2014, v1.1).
--
-- The unit pack gives units, outcomes, criteria and evidence requirements with their ranges
-- ("all of a-d", "two of these groups", "one or more of"), and each unit's simulation wording.
-- It does not give: method codes, witness-testimony items, the rules of combination ("see the
-- qualification handbook"), last registration and certification dates, a ten-week rule or the
-- verifier requirements. Those rules are therefore not applied to C&G registrations; a centre
-- that holds the qualification handbook can add them in plugins/local/cg.lua.
nvq.body()
reports.register() -- CAR, witness list, record of achievement, EV visit pack
nvq.remove_rule("claim", "ten_week_rule")
nvq.remove_rule("claim", "qualified_iv")
