-- catalogue/OCR/05943.lua — OCR Level 2 NVQ in Customer Service.
-- Source: /work/shared/seeds/003_fb839c99cc443610.txt, §2.1 profile (lines 110-122) and §6.2 (lines 718-866).
-- Unit ids are QCA unit numbers; the units themselves are in units-customer-service.lua.
return {
qualifications = {
  {
    code = "05943",
    title = "OCR Level 2 NVQ in Customer Service",
    level = 2,
    accreditation = { scheme = "QAN", number = "100/6084/4" },
    last_registration = "2009-07-31",
    last_certification = "2011-07-31",
    units = {
      { unit = "M/102/4501", kind = "mandatory" }, -- 1 Prepare yourself to deliver good customer service
      { unit = "J/102/4505", kind = "mandatory" }, -- 5 Provide customer service within the rules
      { unit = "H/103/6273", kind = "optional", theme = "Impression and Image" }, -- 9 Give customers a positive impression of yourself and your organisation
      { unit = "K/103/6274", kind = "optional", theme = "Impression and Image" }, -- 10 Promote additional services or products to customers
      { unit = "M/103/6275", kind = "optional", theme = "Impression and Image" }, -- 11 Process customer service information
      { unit = "T/103/6276", kind = "optional", theme = "Impression and Image" }, -- 12 Live up to the customer service promise
      { unit = "A/103/6277", kind = "optional", theme = "Impression and Image" }, -- 13 Make customer service personal
      { unit = "F/103/6278", kind = "optional", theme = "Impression and Image" }, -- 14 Go the extra mile in customer service
      { unit = "J/103/6279", kind = "optional", theme = "Impression and Image" }, -- 15 Deal with customers in writing or using ICT
      { unit = "A/103/6280", kind = "optional", theme = "Impression and Image" }, -- 16 Deal with customers face to face
      { unit = "F/103/6281", kind = "optional", theme = "Impression and Image" }, -- 17 Deal with customers by telephone
      { unit = "D/102/0234", kind = "optional", theme = "Delivery" }, -- 21 Deliver reliable customer service
      { unit = "J/103/6282", kind = "optional", theme = "Delivery" }, -- 22 Deliver customer service on your customer's premises
      { unit = "L/103/6283", kind = "optional", theme = "Delivery" }, -- 23 Recognise diversity when delivering customer service
      { unit = "L/102/4506", kind = "optional", theme = "Handling Problems" }, -- 6 Recognise and deal with customer queries, requests and problems
      { unit = "H/102/0235", kind = "optional", theme = "Handling Problems" }, -- 31 Resolve customer service problems
      { unit = "M/103/6793", kind = "optional", theme = "Development and Improvement" }, -- 36 Develop customer relationships
      { unit = "T/103/6794", kind = "optional", theme = "Development and Improvement" }, -- 37 Support customer service improvements
      { unit = "A/103/6795", kind = "optional", theme = "Development and Improvement" }, -- 38 Develop personal performance through delivering customer service
    },
    rules = {
      total_units = 7,
      mandatory_units = 2,
      optional_units = 5,
      themes_min_each = 1,
      brought_forward = { from_level = 1, count = 3, max_claimable = 3, units = "unknown" },
      carried_forward = { to_level = 3, count = 5, max_claimable = 3, units = "unknown" },
      text = "To achieve this qualification, candidates must achieve 7 units made up of 2 mandatory units and 5 optional units (including at least one unit from each theme).\n\nCandidates can also undertake additional units, although they are not required to complete the qualification.\n\nThis qualification contains 3 units that can be brought forward from Level 1; all three units can be claimed towards a Level 2 qualification.\n\nThis qualification contains 5 units that can be carried forward to Level 3; from these, a maximum of 3 units may be claimed towards a Level 3 qualification.",
    },
    source = "003_fb839c99cc443610.txt (OCR Centre Handbook, Level 2/3/4 NVQ in Customer Service) §2.1 qualification profile lines 110-122, §6.2 lines 718-866",
    notes = {
      "Title, code, QAN and dates from the §2.1 qualification profile (003_fb839c99cc443610.txt lines 110-122); units and rules from §6.2 (lines 718-866).",
      "Dates printed as 31/07/2009 (last registration) and 31/07/2011 (last certification), each marked '*' (OCR will inform centres of changes, line 124) and with an empty \"Revised date:\" column; no revised dates are given.",
      "Units listed in §6.2: 2 mandatory + 17 optional = 19 (Impression and Image 9, Delivery 3, Handling Problems 2, Development and Improvement 3). The rule asks for 2 mandatory + 5 optional = 7, at least one optional unit from each of the 4 themes: the 2 listed mandatory units match the 2 required and every theme has at least one unit, so the rule can be met.",
      "The §2.1 profile (line 116) words the theme condition \", at least one unit from each theme.\" where §6.2 says \"(including at least one unit from each theme).\"; `text` quotes §6.2 (lines 722-728), whose paragraphs are joined with blank lines.",
      "Age group is not printed in the profile (§2.4, line 200, says the NVQs \"are open to candidates of any age\"); age_group left out.",
      "brought_forward: the seed says 3 units can be brought forward from Level 1 but does not say which, and the Level 1 NVQ is not in the seeds: units = \"unknown\". \"all three units can be claimed\" is recorded as max_claimable = 3.",
      "carried_forward: the seed does not name the 5 units that can be carried forward to Level 3: units = \"unknown\". The count matches the 5 units printed in both the Level 2 and Level 3 lists (13, 14, 15, 22, 23), but the seed does not say these are the ones.",
      "Unit 6 (a simulation unit, §3.14) is an optional unit of the Handling Problems theme at this level, not a mandatory one.",
    },
  },
},
}
