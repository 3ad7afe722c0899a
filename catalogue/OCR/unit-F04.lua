-- catalogue/OCR/unit-F04.lua — OCR unit F04, Level 3: "Demonstrate understanding of the rules
-- that impact on improvements in customer service" (a knowledge unit).
-- Source: /work/shared/seeds/004_c11e2a3cd454358c.txt (whole file, lines 1-45).
-- TRAP: criterion 3.7 is split by a page break: "... relating to disability" ends the table of
-- line 18 and "discrimination and equal opportunities" opens the continuation table of line 21.
-- The two parts are joined with a single space.
return {
units = {
  {
    id = "F04",
    number = "F04",
    title = "Demonstrate understanding of the rules that impact on improvements in customer service",
    reference = "unknown",
    level = 3,
    credit = 6,
    glh = 40,
    -- garbled in the seed ("to and understand the all rules"); kept verbatim
    aim = "This unit requires the learner to and understand the all rules that apply to customer service delivered by their organisation and how they apply to the learner and their job.",
    simulation = { allowed = false, scope = "any", text = "Simulation is not allowed for any evidence within this Unit." },
    rwe = { allowed = false, text = "Evidence collected in a realistic working environment or a work placement is not permissible for this Unit." },
    outcomes = {
      {
        number = "1",
        title = "Demonstrate an understanding of the organisational rules and procedures that impact on customer service improvements",
        criteria = {
          { number = "1.1", text = "identify organisational policies, procedures and practices that may impact on proposed improvements in customer service" },
          { number = "1.2", text = "identify procedures and actions needed to gain approval for proposed improvements in customer service" },
          { number = "1.3", text = "agree with colleagues or service partners the actions needed to meet organisational requirements when implementing proposed customer service improvements" },
        },
        -- "Candidates should have an understanding of:"
        knowledge = {
          "The policies, procedures and practices of their organisation relating to the delivery of services or products to customers and delivery improvements and developments.",
          "The procedures used by their organisation to deliver effective customer service and continuously meet the expectations of customers in different customer service situations.",
          "The procedures in their organisation for individual involvement in proposing and delivering improvements to customer service procedures and practices.",
          "The importance of working with colleagues in a team, and/or service partners in delivering customer service improvements.",
        },
      },
      {
        number = "2",
        title = "Demonstrate an understanding of the legislation and external regulation that impact on customer service improvements",
        criteria = {
          { number = "2.1", text = "identify relevant customer related legislation and external legislation that may affect the implementation of customer service improvements" },
          { number = "2.2", text = "identify relevant general business legislation and external regulation that may affect the implementation of customer service improvements" },
          { number = "2.3", text = "balance the requirements of legislation and external regulation with the needs of the organisation when implementing customer service improvements" },
        },
        -- "Candidates should have an understanding of:"
        knowledge = {
          "Legislation relevant to business generally and, specifically, customer service policies, procedures and delivery - e.g. data protection, equality, consumer rights - and how it may affect implementation of customer service improvements.",
          "The policies, procedures and practices of their organisation relating to the delivery of services or products to customers and delivery improvements and developments.",
        },
      },
      {
        number = "3",
        title = "Understand the rules that impact on improvements in customer service",
        criteria = {
          { number = "3.1", text = "describe organisational policies, procedures and practices that they need to take into account when they propose improvements in customer service" },
          { number = "3.2", text = "explain how to gain approval to change customer service procedures or practices" },
          { number = "3.3", text = "state the limits of their own authority and who else in the organisation needs to be involved if they cannot authorise improvements alone" },
          { number = "3.4", text = "explain how they would involve colleagues or service partners in the implementation of improvements" },
          { number = "3.5", text = "explain relevant legislation and external regulation relating to consumer protection" },
          { number = "3.6", text = "explain relevant legislation and external regulation relating to data protection" },
          -- split by a page break in the seed (line 18 / line 21); joined with one space
          { number = "3.7", text = "explain relevant legislation and external regulation relating to disability discrimination and equal opportunities" },
          { number = "3.8", text = "explain relevant legislation and external regulation relating to diversity, inclusion and discrimination for reasons other than disability or equal opportunities" },
          { number = "3.9", text = "explain relevant legislation and external regulation relating to health and safety of customers and colleagues" },
          { number = "3.10", text = "compare the need to balance the requirements of legislation and external regulation with the needs and objectives of their organisation" },
          { number = "3.11", text = "explain legislation and external regulation that affect customer service in their industry in particular" },
        },
        knowledge = {
          -- "Candidates should have an understanding of:" (line 18)
          "The policies, procedures and practices of their organisation relating to the delivery of services or products to customers and delivery development.",
          "The procedures used by their organisation to deliver effective customer service and continuously meet the expectations of customers in different customer service situations.",
          "The procedures in their organisation for individual involvement in proposing and delivering improvements to customer service procedures and practices.",
          "The importance of working with colleagues in a team, and/or service partners in delivering customer service improvements.",
          "The limits of their own authority in authorising improvements according to their job role and contract of employment.",
          -- continuation table after the page break (line 21), still under "understanding of:"
          "Relevant colleagues/managers in their department/organisation involved in change or development of customer service procedures and delivery.",
          -- "Candidates must be able to explain:" (line 21)
          "How they personally are involved in gaining approval for customer service improvements, who else must be involved and the overall process for agreement and implementation of changes.",
          "Legislation relating to customer service delivery and development - e.g. data protection, equality, consumer rights, health and safety -, especially in their own industry.",
          "The policies, procedures and practices of their organisation relating to the delivery of services or products to customers and delivery improvements and developments and how to balance these with the requirements of relevant legislation..",
        },
      },
    },
    evidence_requirements = {
      { number = "1", text = "Your evidence should be collected when carrying out a real job, whether paid or voluntary, and when dealing with real customers, whether internal or external to the organisation. Evidence collected in a realistic working environment or a work placement is not permissible for this Unit. Simulation is not allowed for any evidence within this Unit." },
      { number = "2", text = "You may collect the evidence for the Unit through work in a private sector organisation, a not for profit organisation or a public services organisation." },
      { number = "3", text = "You must provide evidence that shows you have done this over a sufficient period of time with different customers on different occasions for your assessor to be confident that you are competent." },
      { number = "4", text = "The 'organisation' from which you draw your evidence must be the organisation you work for. The 'organisation' may be the whole of the organisation or the business unit, division or department with which you are involved." },
    },
    assessment = "Specified in the Customer Service Assessment Strategy 2010",
    source = "004_c11e2a3cd454358c.txt (OCR unit F04): header lines 3-7, aim line 11, outcomes/criteria/knowledge lines 13-21, assessment line 25, evidence requirements lines 27-33, guidance line 37, NOS line 41",
    notes = {
      "Criterion 3.7 is split by a page break: line 18 ends \"3.7 explain relevant legislation and external regulation relating to disability\" and the continuation table (line 21, empty Learning Outcomes cell) begins \"discrimination and equal opportunities\". Joined with a single space; the joined text is not found on one line of the seed.",
      "The continuation table (line 21) has an empty Learning Outcomes cell: criteria 3.8-3.11 and the knowledge bullets of that row belong to outcome 3.",
      "The unit aim (line 11) is garbled (\"requires the learner to and understand the all rules\"); kept verbatim, nothing added.",
      "knowledge holds the bullet texts of the 'Knowledge, understanding and skills' column; the lead-ins \"Candidates should have an understanding of:\" (lines 14, 17, 18) and \"Candidates must be able to explain:\" (line 21) are not stored as items. Outcome 3's first six bullets are under \"understanding of:\" (the sixth, \"Relevant colleagues/managers ...\", opens the continuation table of line 21), its last three under \"must be able to explain:\".",
      "Kept as printed: the last knowledge bullet ends with two full stops (\"relevant legislation..\", line 21); the spaced hyphens in \"delivery - e.g. data protection, ... consumer rights - and how\" (line 17) and \"health and safety -, especially\" (line 21) are part of the text, not bullets; outcome 1's first bullet ends \"delivery improvements and developments.\" while outcome 3's first bullet ends \"delivery development.\".",
      "Criteria start with a lower-case verb as printed (\"identify\", \"explain\", ...). 'The Learner will:' / 'The Learner can:' (line 14) and the <p>/<ul> markup are layout, not text.",
      "No QCA unit number, UAN or sector reference is printed, only the OCR unit number F04: reference = \"unknown\", id = \"F04\".",
      "This unit belongs to none of the three handbook qualifications (05943, 05944, 05945): it is in none of the §6.2 unit lists of 003_fb839c99cc443610.txt, and it maps to the Customer Service 2010 (Institute of Customer Service) National Occupational Standards (line 41), whereas the handbook's NVQs, last registration 2009, relate to the national occupational standards for Customer Service developed by the ICS (003 lines 102, 119). The seed names no qualification it belongs to.",
      "Guidance on assessment and evidence: \"Please refer to the OCR Customer Service Centre Handbook available from the OCR website: www.ocr.org.uk\" (line 37); administration: OCR 'Admin Guide: Vocational Qualifications' (A850) (line 45).",
      "Evidence requirement 1 contains both the RWE rule and the simulation rule, quoted as rwe.text and simulation.text. Requirements 1-4 have no lettered items and so no `rule`.",
    },
  },
},
}
