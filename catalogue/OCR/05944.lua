-- catalogue/OCR/05944.lua — OCR Level 3 NVQ in Customer Service.
-- Source: /work/shared/seeds/003_fb839c99cc443610.txt, §2.1 profile (lines 128-140) and §6.2 (lines 868-1022).
-- Unit ids are QCA unit numbers; the units themselves are in units-customer-service.lua.
return {
qualifications = {
  {
    code = "05944",
    title = "OCR Level 3 NVQ in Customer Service",
    level = 3,
    accreditation = { scheme = "QAN", number = "100/6080/7" },
    last_registration = "2009-07-31",
    last_certification = "2012-07-31",
    units = {
      { unit = "R/103/6284", kind = "mandatory" }, -- 7 Understand customer service to improve service delivery
      { unit = "Y/103/6285", kind = "mandatory" }, -- 8 Know the rules to follow when developing customer service
      { unit = "A/103/6277", kind = "optional", theme = "Impression and Image" }, -- 13 Make customer service personal
      { unit = "F/103/6278", kind = "optional", theme = "Impression and Image" }, -- 14 Go the extra mile in customer service
      { unit = "J/103/6279", kind = "optional", theme = "Impression and Image" }, -- 15 Deal with customers in writing or using ICT
      { unit = "T/103/6312", kind = "optional", theme = "Impression and Image" }, -- 18 Use customer service as a competitive tool
      { unit = "A/103/6313", kind = "optional", theme = "Impression and Image" }, -- 19 Organise the promotion of services or products to customers
      { unit = "J/103/6282", kind = "optional", theme = "Delivery" }, -- 22 Deliver customer service on your customer's premises
      { unit = "L/103/6283", kind = "optional", theme = "Delivery" }, -- 23 Recognise diversity when delivering customer service
      { unit = "F/103/6314", kind = "optional", theme = "Delivery" }, -- 24 Deliver customer service using service partnerships
      { unit = "Y/103/6318", kind = "optional", theme = "Delivery" }, -- 25 Organise the delivery of reliable customer service
      { unit = "K/103/6792", kind = "optional", theme = "Delivery" }, -- 26 Improve the customer relationship
      { unit = "D/103/6790", kind = "optional", theme = "Handling Problems" }, -- 32 Monitor and solve customer service problems
      { unit = "D/103/6319", kind = "optional", theme = "Handling Problems" }, -- 33 Apply risk assessment to customer service
      { unit = "Y/103/6321", kind = "optional", theme = "Handling Problems" }, -- 34 Process customer service complaints
      { unit = "H/103/6791", kind = "optional", theme = "Development and Improvement" }, -- 39 Work with others to improve customer service
      { unit = "J/103/6329", kind = "optional", theme = "Development and Improvement" }, -- 40 Promote continuous improvement in customer service
      { unit = "J/103/6332", kind = "optional", theme = "Development and Improvement" }, -- 41 Develop your own and others' customer service skills
      { unit = "M/103/6339", kind = "optional", theme = "Development and Improvement" }, -- 42 Lead a team to improve customer service
      { unit = "R/103/6348", kind = "optional", theme = "Development and Improvement" }, -- 43 Gather, analyse and interpret customer feedback
    },
    rules = {
      total_units = 8,
      mandatory_units = 2,
      optional_units = 6,
      themes_min_each = 1,
      brought_forward = { from_level = 2, count = 5, max_claimable = 3, units = "unknown" },
      carried_forward = { to_level = 4, count = 5, max_claimable = 5, units = "unknown" },
      text = "To achieve this qualification, candidates must achieve 8 units made up of 2 mandatory units and 6 optional units (including at least one unit from each theme).\n\nCandidates can also undertake additional units, although they are not required to complete the qualification.\n\nThis qualification contains 5 units that can be brought forward from Level 2; from these a maximum of 3 units may be claimed towards a Level 3 qualification.\n\nThis qualification contains 5 units that can be carried forward to Level 4; all of these can be claimed towards a Level 4 qualification.",
    },
    source = "003_fb839c99cc443610.txt (OCR Centre Handbook, Level 2/3/4 NVQ in Customer Service) §2.1 qualification profile lines 128-140, §6.2 lines 868-1022",
    notes = {
      "Title, code, QAN and dates from the §2.1 qualification profile (003_fb839c99cc443610.txt lines 128-140); units and rules from §6.2 (lines 868-1022).",
      "Dates printed as 31/07/2009 (last registration) and 31/07/2012 (last certification), each marked '*' (OCR will inform centres of changes, line 124) and with an empty \"Revised date:\" column; no revised dates are given.",
      "Units listed in §6.2: 2 mandatory + 18 optional = 20 (Impression and Image 5, Delivery 5, Handling Problems 3, Development and Improvement 5). The rule asks for 2 mandatory + 6 optional = 8, at least one optional unit from each of the 4 themes: the 2 listed mandatory units match the 2 required and every theme has at least one unit, so the rule can be met.",
      "The §2.1 profile (line 134) words the theme condition \", at least one unit from each theme.\" where §6.2 says \"(including at least one unit from each theme).\"; `text` quotes §6.2 (lines 872-878), whose paragraphs are joined with blank lines.",
      "Age group is not printed in the profile (§2.4, line 200, says the NVQs \"are open to candidates of any age\"); age_group left out.",
      "brought_forward: the seed does not name the 5 units that can be brought forward from Level 2: units = \"unknown\". The count matches the 5 units printed in both the Level 2 and Level 3 lists (13, 14, 15, 22, 23), but the seed does not say these are the ones.",
      "carried_forward: the seed does not name the 5 units that can be carried forward to Level 4: units = \"unknown\". \"all of these can be claimed\" is recorded as max_claimable = 5. The count matches the 5 units printed in both the Level 3 and Level 4 lists (7, 8, 18, 33, 42), two of which (7, 8) are mandatory at both levels, but the seed does not say these are the ones.",
      "Theme headings \"Handling Problems\" and \"Development and Improvement\" are glued to the next unit heading in the seed (lines 970 and 989: \"Theme: Handling Problems**32 Monitor ...\"); units 32 and 39 are read as the first units of those themes. Units 42 and 43 (lines 1010-1020) are printed as bullets with an unmatched \"**\" but are units of the Development and Improvement theme like the others.",
    },
  },
},
}
