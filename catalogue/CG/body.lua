-- catalogue/CG/body.lua — City & Guilds.
-- Source: seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations,
-- Levels 4 and 5 imported unit pack, September 2014 Version 1.1).
return {
  body = { code = "CG", name = "City & Guilds" },

  -- The seed gives no assessment-method codes. Its only wording on methods is
  -- "Assessment: Portfolio of evidence for each unit" (seed line 18), the ICS units'
  -- "This unit will be assessed by portfolio of evidence, as specified in the Institute of
  -- Customer Service (ICS) Customer Service Assessment Strategy 2010." and the CfA units'
  -- "For those assessment criteria which are performance related the most likely form of
  -- evidence is assessor observation." None of these is a method code list, so: unknown.
  methods = "unknown",

  -- The seed lists no witness-testimony items: unknown.
  witness_items = "unknown",
}
