"""Sentences -> metrics: one row per case (sentences written for these tests, not taken from the corpus)."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.models import Article
from extract.pipeline import extract_metrics, sentences

PUB = dt.date(2024, 5, 15)  # a Wednesday
D = dt.date


def run(text: str, published: dt.date | None = PUB) -> list[tuple]:
    article = Article(id="t", title="", publisher="", published=published, url="", text=text)
    return [(m.metric, m.value, m.unit, m.per, m.qualifier, m.period_start, m.period_end, m.attributed_to,
             m.location) for m in extract_metrics(article)]


CASES = [
    # a month inside a presidential term: the month says when, the term is background
    ("In March 2022, under President Biden, agents recorded 210,000 encounters.",
     [("encounters", 210000, "people", None, "exact", D(2022, 3, 1), D(2022, 3, 31), None, None)]),
    # flows on a named day are daily rates
    ("Border Patrol agents apprehended about 4,100 migrants in the Tucson Sector on Monday, the agency said.",
     [("encounters", 4100, "people", "day", "approx", D(2024, 5, 13), D(2024, 5, 13), "the agency (Border Patrol)",
       "Tucson Sector")]),
    # a monthly total with a source after the verb
    ("Agents recorded 128,900 encounters along the southwest border in April, according to CBP.",
     [("encounters", 128900, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "CBP", "southwest border")]),
    # an explicit rate with no time: the publication date
    ("Officials said roughly 2,300 people a day are crossing into Eagle Pass.",
     [("crossings", 2300, "people", "day", "approx", PUB, PUB, "Officials", "Eagle Pass")]),
    # percent change: kind of what changed, value positive, period of the newer figure
    ("Apprehensions fell 42 percent in March from February, DHS reported.",
     [("encounters", 42, "percent", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "DHS", None)]),
    # money: funding and economic loss
    ("The legislature set aside more than $1.5 billion for border barriers.",
     [("funding", 1.5e9, "usd", None, "over", PUB, PUB, None, None)]),
    ("The week-long closure cost Texas businesses an estimated $600 million, the Perryman Group said.",
     [("economic_loss", 6e8, "usd", None, "approx", PUB, PUB, "Perryman Group", "Texas")]),
    # stocks are not daily rates even on a named day
    ("More than 6,000 migrants were being held in Border Patrol custody on Tuesday.",
     [("detention", 6000, "people", None, "over", D(2024, 5, 14), D(2024, 5, 14), "Border Patrol", None)]),
    # minutes become hours
    ("Trucks waited 45 minutes at the Bridge of the Americas on Friday.",
     [("wait_time", 0.75, "hours", None, "exact", D(2024, 5, 10), D(2024, 5, 10), None, "Bridge of the Americas")]),
    # freight units
    ("Union Pacific said 1,200 rail cars were stranded on the Mexican side.",
     [("freight", 1200, "rail_cars", None, "exact", PUB, PUB, "Union Pacific", None)]),
    # removals, deaths, seizures, personnel
    ("ICE deported 1,350 people to Guatemala last month.",
     [("removals", 1350, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "ICE", "Guatemala")]),
    ("Searchers recovered the bodies of 12 migrants in the desert in fiscal year 2023.",
     [("deaths", 12, "people", None, "exact", D(2022, 10, 1), D(2023, 9, 30), None, None)]),
    ("Officers seized 950 pounds of methamphetamine at the Otay Mesa port of entry.",
     [("seizures", 950, "pounds", None, "exact", PUB, PUB, None, "Otay Mesa port of entry")]),
    ("The governor deployed 1,800 National Guard troops to the border.",
     [("personnel", 1800, "people", None, "exact", PUB, PUB, None, "the border")]),
    # ranges: midpoint, approx
    ("Between 8,000 and 9,000 migrants traveled through the Darien Gap last week.",
     [("migrants_transit", 8500, "people", None, "approx", D(2024, 5, 6), D(2024, 5, 12), None, "Darien Gap")]),
    # qualifiers
    ("Fewer than 300 asylum appointments were granted through CBP One this month.",
     [("asylum", 300, "people", None, "under", D(2024, 5, 1), PUB, None, None)]),
    # Mexico's institute: "located" migrants are encounters in Mexico
    ("Mexico's National Migration Institute said it located 12,400 foreigners in irregular situations in April.",
     [("encounters", 12400, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30),
       "Mexico's National Migration Institute", "Mexico")]),
    # a caravan leaving on a named day is a daily flow
    ("Some 2,100 migrants set out from Tapachula on Sunday in a caravan heading north.",
     [("migrants_transit", 2100, "people", "day", "approx", D(2024, 5, 12), D(2024, 5, 12), None, None)]),
    ("Trade between the two countries totaled $798 billion last year, Census Bureau data show.",
     [("trade_value", 7.98e11, "usd", None, "exact", D(2023, 1, 1), D(2023, 12, 31), "Census Bureau data", None)]),
    ("Border Patrol agents recorded about 1,900 gotaways a day in March, officials said.",
     [("crossings", 1900, "people", "day", "approx", D(2024, 3, 1), D(2024, 3, 31), "officials", None)]),
    ("The immigration court backlog climbed to 3.6 million cases in January, TRAC reported.",
     [("asylum", 3.6e6, "people", None, "exact", D(2024, 1, 1), D(2024, 1, 31), "TRAC", None)]),
    # two figures of one sentence: each keeps its own time, the change skips the month it is compared with
    ("Apprehensions dropped 29% from the previous month to 98,000 in February.",
     [("encounters", 29, "percent", None, "exact", D(2024, 2, 1), D(2024, 2, 29), None, None),
      ("encounters", 98000, "people", None, "exact", D(2024, 2, 1), D(2024, 2, 29), None, None)]),
    ("Union Pacific said it had idled 40 trains and 2,000 rail cars since the bridge closed.",
     [("freight", 40, "trains", None, "exact", PUB, PUB, "Union Pacific", None),
      ("freight", 2000, "rail_cars", None, "exact", PUB, PUB, "Union Pacific", None)]),
    # regressions: the counted noun is the first one ("migrants", not "agents"); a share in parentheses
    ("Officials estimate that 40,000 migrants slipped past agents undetected in March.",
     [("crossings", 40000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "Officials", None)]),
    ("Of them, 8,500 (78 percent) were expelled under Title 42 in March.",
     [("removals", 8500, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None)]),
    # a source in an appositive
    ("The Perryman Group, a research firm based in Waco, Texas, put the losses at $470 million a day.",
     [("economic_loss", 4.7e8, "usd", "day", "exact", PUB, PUB, "Perryman Group", "Texas")]),
    # a body named with agents or money is what is counted or paid, not a source
    ("Congress approved 2,500 new Border Patrol agents last year.",
     [("personnel", 2500, "people", None, "exact", D(2023, 1, 1), D(2023, 12, 31), None, None)]),
    ("The bill gives ICE $3 billion for detention beds.",
     [("funding", 3e9, "usd", None, "exact", PUB, PUB, None, None)]),
    # a source's name ends before a time; a dated data word is not a source
    ("The Senate Committee on Finance on May 2 said 900 trucks crossed in April.",
     [("freight", 900, "trucks", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "Senate Committee on Finance", None)]),
    ("Tuesday's figures show 1,700 apprehensions in April.",
     [("encounters", 1700, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # the paragraph after a lead that cites a body goes on with the body's figures; the one after it does not
    ("Arrests at the border fell in April, the Department of Homeland Security said on Tuesday.\n\n"
     "Agents made 61,200 arrests in April, down from 70,100 in March.\n\nIn El Paso, 9,000 migrants were caught in April.",
     [("encounters", 61200, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30),
       "Department of Homeland Security", None),
      ("encounters", 70100, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31),
       "Department of Homeland Security", None),
      ("encounters", 9000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, "El Paso")]),
    # an acronym the text defines is written out
    ("The Texas Trucking Association (TTA) warned of delays. TTA said 4,000 trucks were stuck in April.",
     [("freight", 4000, "trucks", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "Texas Trucking Association (TTA)",
       None)]),
    # a sentence opening with "According to"
    ("According to the Pima County Sheriff, 45 migrants were arrested in March.",
     [("encounters", 45, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "Pima County Sheriff", None)]),
    # the owner of figures another outlet obtained
    ("Border Patrol figures obtained by a newspaper show that 80 migrants died in April.",
     [("deaths", 80, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "Border Patrol figures", None)]),
    ("Sixty migrants died in the Tucson Sector in April, the Arizona Daily Star reported, citing Border Patrol data.",
     [("deaths", 60, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "Border Patrol data", "Tucson Sector")]),
    ("Governor Abbott's team reported 700 migrants bused to Chicago in April.",
     [("migrants_transit", 700, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "Abbott's team", "Chicago")]),
    # a list breaks down the figures of the paragraph before its intro line, and takes their source
    ("The Census Bureau said imports reached $40 billion in March.\n\nBy product:\n- Cars: $9 billion of imports in March\n"
     "- Produce: $2 billion of imports in March",
     [("trade_value", 4e10, "usd", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "Census Bureau", None),
      ("trade_value", 9e9, "usd", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "Census Bureau", None),
      ("trade_value", 2e9, "usd", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "Census Bureau", None)]),
    # ... but not a list of other times (another series, not a breakdown of that sentence's figures)
    ("In April, CBP reported 120,000 arrests.\n\nEarlier months looked like this:\n- March: 110,000 arrests",
     [("encounters", 120000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "CBP", None),
      ("encounters", 110000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None)]),
    # a sentence that only names a source introduces the figures after it in its paragraph
    ("Border traffic changed this spring.\n\nCrossings fell sharply, according to Census Bureau data. Agents caught 5,000 migrants in March.\n\n"
     "Officers seized 300 pounds of cocaine in April.",
     [("encounters", 5000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "Census Bureau data", None),
      ("seizures", 300, "pounds", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # "the agency" keeps the text's words and names the body it stands for: the last body cited as a source
    ("The Department of Homeland Security released its report for March. Border Patrol agents are busy.\n\n"
     "The agency said agents caught 40,000 migrants in March.",
     [("encounters", 40000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31),
       "The agency (Department of Homeland Security)", None)]),
    # a time after a comparison word is the reference figure's, not the compared figure's
    ("Agents made 52,000 arrests in March, 9% fewer than the 57,100 recorded in February.",
     [("encounters", 52000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None),
      ("encounters", 9, "percent", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None),
      ("encounters", 57100, "people", None, "exact", D(2024, 2, 1), D(2024, 2, 29), None, None)]),
    ("In January apprehensions climbed 20% from December's 40,300.",
     [("encounters", 20, "percent", None, "exact", D(2024, 1, 1), D(2024, 1, 31), None, None),
      ("encounters", 40300, "people", None, "exact", D(2023, 12, 1), D(2023, 12, 31), None, None)]),
    ("Apprehensions in April fell 60% from April 2023, when agents arrested 99,000 people.",
     [("encounters", 60, "percent", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("encounters", 99000, "people", None, "exact", D(2023, 4, 1), D(2023, 4, 30), None, None)]),
    ("Agents made 61,000 arrests in March, compared with 70,500 arrests in February.",
     [("encounters", 61000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None),
      ("encounters", 70500, "people", None, "exact", D(2024, 2, 1), D(2024, 2, 29), None, None)]),
    # "during the month": the month the story is about, not the month it is compared with
    ("Arrests slipped in March.\n\nAgents made 137,000 arrests during the month, fewer than the 140,100 arrests in "
     "February.",
     [("encounters", 137000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None),
      ("encounters", 140100, "people", None, "exact", D(2024, 2, 1), D(2024, 2, 29), None, None)]),
    # a list under a change "from March to April" is dated by the newer month; a record "since" is a reference
    ("Every group grew from March to April:\n- Families: 12,400 encounters\n- Children: 5,100 encounters",
     [("encounters", 12400, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("encounters", 5100, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("In April agents seized 2,300 pounds of fentanyl, the most in a month since June 2022.",
     [("seizures", 2300, "pounds", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("Seizures came to 900 pounds in April, the biggest month since June of last year.",
     [("seizures", 900, "pounds", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("Crossings in April were 20% below March, which saw the highest count.",
     [("crossings", 20, "percent", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("In April agents logged 8,000 arrests, fewer than they used to make in two days in April 2022.",
     [("encounters", 8000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # a report's day or week is not a figure's time: "told X on Wednesday", "released last week"
    ("The state told The Texas Tribune on Monday that 3,100 migrants rode buses to Chicago between March and "
     "April.",
     [("migrants_transit", 3100, "people", None, "exact", D(2024, 3, 1), D(2024, 4, 30), None, "Chicago")]),
    # a typical day is not the day named before it
    ("Traffic stopped on May 2.\n\nOn a normal day, up to 9,000 trucks cross at Laredo.",
     [("freight", 9000, "trucks", "day", "under", PUB, PUB, None, "Laredo")]),
    # the day of a report dates a figure only when the figure has no time of its own
    ("The railroad said Monday it had halted 45 trains.",
     [("freight", 45, "trains", None, "exact", D(2024, 5, 13), D(2024, 5, 13), None, None)]),
    # "wait times" are waits, not a count of times
    ("Commercial drivers said wait times at the Pharr bridge rose 40 percent in March.",
     [("wait_time", 40, "percent", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, "Pharr bridge")]),
    # people on the move toward the border, no caravan or bus named
    ("Nearly 2,000 migrants were traveling north through Chiapas in April.",
     [("migrants_transit", 2000, "people", None, "approx", D(2024, 4, 1), D(2024, 4, 30), None, "Chiapas")]),
    # detention words beyond "custody": book-ins, holding facilities
    ("ICE reported 38,000 book-ins in March.",
     [("detention", 38000, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "ICE", None)]),
    ("About 2,700 children remained in Border Patrol holding facilities on Sunday.",
     [("detention", 2700, "people", None, "approx", D(2024, 5, 12), D(2024, 5, 12), "Border Patrol", None)]),
    # asylum screening counted by its own noun
    ("Asylum officers completed 9,400 credible fear interviews in March.",
     [("asylum", 9400, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None)]),
    # a loss written as shrunken output
    ("The state's GDP shrank by $300 million during the closure.",
     [("economic_loss", 3e8, "usd", None, "exact", PUB, PUB, None, None)]),
    # crossing a country's border illegally is a crossing, not transit through the country
    ("Soldiers did not stop some 900 people from illegally crossing Mexico's southern border in April.",
     [("crossings", 900, "people", None, "approx", D(2024, 4, 1), D(2024, 4, 30), None, "Mexico")]),
    # arrests for crossings are counted as encounters
    ("Border Patrol arrests for illegal crossings fell 35 percent in June.",
     [("encounters", 35, "percent", None, "exact", D(2023, 6, 1), D(2023, 6, 30), "Border Patrol", None)]),
    # a series "N in T1 and M in T2": each time closes the figure before it
    ("Agents expelled 5,210 migrants in January and 7,880 in February.",
     [("removals", 5210, "people", None, "exact", D(2024, 1, 1), D(2024, 1, 31), None, None),
      ("removals", 7880, "people", None, "exact", D(2024, 2, 1), D(2024, 2, 29), None, None)]),
    # a sentence that names no place but points back to the last one named ("there", "the sector")
    ("The Yuma Sector saw a sharp rise this spring.\n\nAgents there apprehended 31,000 migrants in April.",
     [("encounters", 31000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, "Yuma Sector")]),
    ("Smugglers favor the Tucson area.\n\nIn April, 410 migrants died in the sector.",
     [("deaths", 410, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, "Tucson area")]),
    # a figure with no time takes the time a figure-less sentence gives the event; an announcement is not it
    ("Officers seized 300 pounds of methamphetamine at the Nogales port.\n\nThe seizure happened last month.",
     [("seizures", 300, "pounds", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, "Nogales port")]),
    ("Officers seized 300 pounds of methamphetamine at the Nogales port.\n\nThe seizure was announced last month.",
     [("seizures", 300, "pounds", None, "exact", PUB, PUB, None, "Nogales port")]),
    # ... but a small count on a named day is that day's flow
    ("Two migrants drowned in the Rio Grande on Friday.",
     [("deaths", 2, "people", "day", "exact", D(2024, 5, 10), D(2024, 5, 10), None, "Rio Grande")]),
    # "already" / "now": the figure stands at publication, not at the time of the sentence before
    ("Agents recorded 128,900 encounters in April.\n\nMore than 7,500 people have already applied for asylum.",
     [("encounters", 128900, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("asylum", 7500, "people", None, "over", PUB, PUB, None, None)]),
    # a typical day inside a longer time is a daily figure
    ("On an average April day, agents processed about 6,000 migrants, officials said.",
     [("encounters", 6000, "people", "day", "approx", D(2024, 4, 1), D(2024, 4, 30), "officials", None)]),
    # a toll that reached a number on a day is a running total on that day, not the day's flow
    ("The death toll from the smuggling operation reached 51 on Tuesday.",
     [("deaths", 51, "people", None, "exact", D(2024, 5, 14), D(2024, 5, 14), None, None)]),
    # a total takes the kind of what was being counted: words before it in its sentence, else the figure before
    ("The Border Patrol has tracked recovered bodies since 1998, and the running total now stands at approximately "
     "7,800.",
     [("deaths", 7800, "people", None, "approx", D(1998, 1, 1), PUB, "Border Patrol", None)]),
    ("Agents apprehended 150,000 migrants in April.\n\nThe total stands at 2,002,604 people so far this fiscal year.",
     [("encounters", 150000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("encounters", 2002604, "people", None, "exact", D(2023, 10, 1), PUB, None, None)]),
    # a passive verb ("is added up") reports nothing: the source is who told it
    ("Jane Roe, who covers the statehouse, told Border Radio that once every fund is added up, the total stands "
     "at around $4 billion for the border mission.",
     [("funding", 4e9, "usd", None, "approx", PUB, PUB, "Jane Roe", None)]),
    # "every 24 hours" is a daily rate; money "committed to" a program is funding; a detention population is a
    # level, not a town's population; leaving "on their own" is a self-deportation
    ("Agents made about 280 apprehensions every 24 hours in April.",
     [("encounters", 280, "people", "day", "approx", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("The state has committed about $15 billion to barrier construction.",
     [("funding", 15e9, "usd", None, "approx", PUB, PUB, None, None)]),
    ("ICE's detention population stood at about 39,000 last week.",
     [("detention", 39000, "people", None, "approx", D(2024, 5, 6), D(2024, 5, 12), "ICE", None)]),
    ("Some 1.6 million people have left the country on their own since January.",
     [("removals", 1.6e6, "people", None, "approx", D(2024, 1, 1), PUB, None, None)]),
    # a fact box: each line's label says what is counted and when, a bracket after the figure says who counted
    # it, and a line with no time of its own does not take the line above's
    ("The month in figures:\n\n- Migrant deaths in the Tucson Sector in March: 17 (Pima County)\n"
     "- Average crossings per day in April: about 1,900 (CBP)\n- Miles of fence repaired: 12 (CBP)\n"
     "- Funding for new sensors: $40 million (DHS)",
     [("deaths", 17, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "Pima County", "Tucson Sector"),
      ("crossings", 1900, "people", "day", "approx", D(2024, 4, 1), D(2024, 4, 30), "CBP", None),
      ("funding", 4e7, "usd", None, "exact", PUB, PUB, "DHS", None)]),
    # "the agency said" stands for the body its own sentence names before it, not the last source named
    ("Detention held steady, according to TRAC data.\n\nICE removed 142,580 noncitizens in April, the agency said.",
     [("removals", 142580, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "the agency (ICE)", None)]),
    # "the remains of 58 border crossers": the head noun before "of" says what is counted
    ("Searchers recovered the remains of 58 border crossers in April.",
     [("deaths", 58, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # "daily" at the head of a long subject makes the figure a daily one
    ("Daily Border Patrol encounters in the El Paso Sector averaged about 1,100 in April.",
     [("encounters", 1100, "people", "day", "approx", D(2024, 4, 1), D(2024, 4, 30), "Border Patrol",
       "El Paso Sector")]),
    # "24 hours and lines of trucks": the counted noun is "hours"; the exclusion word ("lines") of the next phrase
    # does not reach back over "and" (which joins only capitalised names: "Customs and Border Protection")
    ("The checks were producing waits as long as 24 hours and lines of trucks stretching 23 kilometers.",
     [("wait_time", 24, "hours", None, "under", PUB, PUB, None, None)]),
    # "of those encounters": a breakdown names what it counts after "of those"
    ("Cubans accounted for 28,848 of those encounters in April.",
     [("encounters", 28848, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # buses that carry migrants are counted in vehicles, and a count on one named day is that day's flow, even
    # below 4 and when the day is a date; "N more" still counts ("two more buses", "3,500 more remained")
    ("Two more buses arrived in New York City on Sunday.",
     [("migrants_transit", 2, "vehicles", "day", "exact", D(2024, 5, 12), D(2024, 5, 12), None, "New York City")]),
    ("Texas has bused migrants north since April.\n\nOn May 3, six busloads arrived in Chicago.",
     [("migrants_transit", 6, "vehicles", "day", "exact", D(2024, 5, 3), D(2024, 5, 3), None, "Chicago")]),
    # a total "as of" a day is not that day's flow
    ("Some 55 migrants had died as of noon on Friday.",
     [("deaths", 55, "people", None, "approx", D(2024, 5, 10), D(2024, 5, 10), None, None)]),
    # "detained" is an arrest, so an encounter (the corpus README: Mexico's INM "detained" -> encounters), unless
    # the clause says the people are in custody, a level
    ("Mexican authorities detained 12,000 migrants in April.",
     [("encounters", 12000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, "Mexico")]),
    ("About 4,500 children were detained in Border Patrol custody on Thursday.",
     [("detention", 4500, "people", None, "approx", D(2024, 5, 9), D(2024, 5, 9), "Border Patrol", None)]),
    # cases from the session review: a place in brackets is no source; an event time is not read from "came";
    # "had already" is no present; "the daily newspaper" is no daily figure; "ICE currently has ... detained" is a
    # level; a fact-box line keeps a count under 4; "fall below" outside a condition vetoes nothing
    ("Encounters in April: about 3,000 (Mexico)",
     [("encounters", 3000, "people", None, "approx", D(2024, 4, 1), D(2024, 4, 30), None, "Mexico")]),
    ("Agents arrested 1,200 migrants at the border, CBP said.\n\nMany came from Venezuela, where the economy "
     "collapsed in 2016.",
     [("encounters", 1200, "people", None, "exact", PUB, PUB, "CBP", "the border")]),
    ("Agents had arrested 9,000 migrants in April. By then, agents had already arrested 50,000 migrants.",
     [("encounters", 9000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("encounters", 50000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("The daily newspaper El Diario reported that agents arrested 8,000 migrants in April.",
     [("encounters", 8000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "El Diario", None)]),
    ("ICE currently has 38,000 people detained.",
     [("detention", 38000, "people", None, "exact", PUB, PUB, "ICE", None)]),
    ("Investigators seized $2 million in cash at the bridge.",
     [("seizures", 2e6, "usd", None, "exact", PUB, PUB, None, None)]),
    ("Migrant deaths in April: 3 (IOM)",
     [("deaths", 3, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "IOM", None)]),
    ("Border Patrol apprehensions in April fell below 100,000 for the first time.",
     [("encounters", 100000, "people", None, "under", D(2024, 4, 1), D(2024, 4, 30), "Border Patrol", None)]),
    # a level on a day ("pending at the end of April") is no daily flow
    ("Some 9,420 asylum cases were pending at the end of April.",
     [("asylum", 9420, "people", None, "approx", D(2024, 4, 30), D(2024, 4, 30), None, None)]),
    # "2 hours and 45 minutes" is one wait, in hours
    ("Trucks waited up to 2 hours and 45 minutes at Otay Mesa on Monday.",
     [("wait_time", 2.75, "hours", None, "under", D(2024, 5, 13), D(2024, 5, 13), None, "Otay Mesa")]),
    # holding capacity and children "in its care" are detention, as the corpus README lists them
    ("The shelter, which has room for about 400 people, was full in April.",
     [("detention", 400, "people", None, "approx", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("The number of unaccompanied children in its care passed 11,800 in April.",
     [("detention", 11800, "people", None, "over", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # ... but not to a place named far back (800 characters)
    ("The Yuma Sector saw a sharp rise this spring.\n\n" + "Officials spoke at length about the policy. " * 20
     + "\n\nAgents there apprehended 31,000 migrants in April.",
     [("encounters", 31000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # an existential "there" points nowhere
    ("Laredo reopened its bridge.\n\nThere were 1,200 encounters in April.",
     [("encounters", 1200, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # a person known by role keeps the description; "according to" takes lower-case words before a generic source
    ("Agents apprehended 2,100 migrants in April, a senior agency official said.",
     [("encounters", 2100, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "a senior agency official", None)]),
    ("A CBP spokesperson said agents apprehended 2,100 migrants in April.",
     [("encounters", 2100, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "A CBP spokesperson", None)]),
    ("Agents apprehended 2,100 migrants in April, according to city officials.",
     [("encounters", 2100, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "city officials", None)]),
    # ... but not words that are not a description of it ("wait-time data the agency")
    ("Agents apprehended 2,100 migrants in April, according to wait-time data the agency posted.",
     [("encounters", 2100, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "the agency", None)]),
    # "when" in the past tense tells what happened, not a condition
    ("In December, when crossings averaged 10,000 a day, agents apprehended 302,000 migrants.",
     [("crossings", 10000, "people", "day", "exact", D(2023, 12, 1), D(2023, 12, 31), None, None),
      ("encounters", 302000, "people", None, "exact", D(2023, 12, 1), D(2023, 12, 31), None, None)]),
    # "official crossings" are the ports: the figures around them are not crossings
    ("Agents made 56,399 apprehensions between official crossings in April, down 32 percent from March's 83,536.",
     [("encounters", 56399, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("encounters", 32, "percent", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("encounters", 83536, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None)]),
    # a level does not take the time of another clause: it is the level at publication
    ("ICE deported 11,790 people in March, and the agency is holding 47,600 people in detention.",
     [("removals", 11790, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), "ICE", None),
      ("detention", 47600, "people", None, "exact", PUB, PUB, "ICE", None)]),
    # a month or day before a reporting verb is a time, not a source ("in June found", "In July the agency said")
    ("Inspectors who toured five facilities in June found about 8,000 migrants in custody, the Office of Inspector "
     "General said.",
     [("detention", 8000, "people", None, "approx", D(2023, 6, 1), D(2023, 6, 30), "Office of Inspector General",
       None)]),
    ("In April the agency said encounters fell 24 percent from March.",
     [("encounters", 24, "percent", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "the agency", None)]),
    # ... but a first name that is a month stays ("August Pfluger")
    ("Agents apprehended 2,000 migrants in April, August Pfluger said.",
     [("encounters", 2000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "August Pfluger", None)]),
    # "over the past two weeks" says how long; "over the same month last year" is a comparison
    ("Agents averaged 2,000 apprehensions a day over the past two weeks.",
     [("encounters", 2000, "people", "day", "exact", D(2024, 5, 2), PUB, None, None)]),
    ("Apprehensions in April rose 12 percent over the same month last year.",
     [("encounters", 12, "percent", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # "the sector('s)" points back to the last sector named, past a port named since
    ("Smugglers favor the Tucson Sector in summer.\n\nThe sector's agents caught 6,049 people in April.",
     [("encounters", 6049, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, "Tucson Sector")]),
    ("The El Paso Sector is busy. Most crossers enter near the Ysleta port of entry. The sector recorded 5,000 "
     "apprehensions in April.",
     [("encounters", 5000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, "El Paso Sector")]),
    # "according to" takes adjectives before a name ("internal Border Patrol figures"), never a time or a
    # preposition ("per day" is no source); "promised by X" names who gave the figure
    ("At least 853 migrants died in fiscal 2022, according to internal Border Patrol figures.",
     [("deaths", 853, "people", None, "over", D(2021, 10, 1), D(2022, 9, 30), "internal Border Patrol figures",
       None)]),
    ("Agents averaged 7,770 encounters per day in April, CBP said.",
     [("encounters", 7770, "people", "day", "exact", D(2024, 4, 1), D(2024, 4, 30), "CBP", None)]),
    ("The first of 10,000 National Guard members promised by President Claudia Sheinbaum arrived on Monday.",
     [("personnel", 10000, "people", None, "exact", D(2024, 5, 13), D(2024, 5, 13), "Claudia Sheinbaum", None)]),
    # "over" a holiday weekend says when, it compares nothing
    ("Agents took roughly 15,000 migrants into custody over the Memorial Day weekend.",
     [("encounters", 15000, "people", None, "approx", D(2023, 5, 27), D(2023, 5, 29), None, None)]),
    # a figure counting people who are not agents is no personnel figure, whoever counted them; "members of" lets
    # the words after "of" say who is counted
    ("Agents apprehended 9,000 migrants in April, and agents counted 4,300 people in family groups.",
     [("encounters", 9000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None),
      ("encounters", 4300, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("Mexico will station some 6,000 members of its National Guard along the frontier.",
     [("personnel", 6000, "people", None, "approx", PUB, PUB, None, "Mexico")]),
    # what happened to those counted decides: encounters that ended in expulsion are removals
    ("Some 92,274 encounters ended in a Title 42 expulsion in April.",
     [("removals", 92274, "people", None, "approx", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("The United States has sent more than 55,000 asylum seekers back to Mexico since January.",
     [("removals", 55000, "people", None, "over", D(2024, 1, 1), PUB, None, "Mexico")]),
    # ... but not past another kind's verb: apprehended or turned back are encounters
    ("In April, more than 144,000 migrants were apprehended or turned back at the southern border.",
     [("encounters", 144000, "people", None, "over", D(2024, 4, 1), D(2024, 4, 30), None, "southern border")]),
    # people "never caught" are gotaways, not arrests
    ("Known gotaways, people seen crossing but never caught, dropped to roughly 3,000 in April.",
     [("crossings", 3000, "people", None, "approx", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # "the border" is a place ("stationed along the border"), but not as a noun's modifier ("the border wall")
    ("About 11,900 troops are now stationed along the border.",
     [("personnel", 11900, "people", None, "approx", PUB, PUB, None, "the border")]),
    ("The law puts $46.5 billion toward the border wall.",
     [("funding", 46500000000, "usd", None, "exact", PUB, PUB, None, None)]),
    # a list's intro line dates its items, levels too, and lends its kind to a unit only that kind uses; what
    # is usual ("normally") takes no time from around it
    ("Wait times on Monday:\n- Pharr: 9 hours\n- Ysleta (El Paso): 6 hours",
     [("wait_time", 9, "hours", None, "exact", D(2024, 5, 13), D(2024, 5, 13), None, "Pharr"),
      ("wait_time", 6, "hours", None, "exact", D(2024, 5, 13), D(2024, 5, 13), None, "El Paso")]),
    ("Wait times have grown since Monday:\n\n- At the bridge, where trucks normally wait about 60 minutes, the "
     "wait peaked at 320 minutes.",
     [("wait_time", 1, "hours", None, "approx", PUB, PUB, None, None),
      ("wait_time", 5.33, "hours", None, "exact", D(2024, 5, 13), PUB, None, None)]),
    # what an operation "has cost the state" is spending, not a loss; trucks that "sat for" hours waited
    ("The operation has cost the state $4 billion so far.",
     [("funding", 4000000000, "usd", None, "exact", PUB, PUB, None, None)]),
    ("Cargo trucks sat for as long as 10 hours at the Ysleta bridge on Tuesday.",
     [("wait_time", 10, "hours", None, "under", D(2024, 5, 14), D(2024, 5, 14), None, "Ysleta bridge")]),
    # data named for a body that reports ("agency figures show") are the source, pointing back to the body
    ("Border Patrol apprehended 117,901 people in April, agency figures show.",
     [("encounters", 117901, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "agency figures (Border Patrol)",
       None)]),
    # a breakdown that repeats the head of the series' noun ("detention events" ... "events") goes on with it; a
    # word for people repeated is no such link
    ("Mexican authorities recorded 125,499 detention events in April.\n\nBy sex, 630,862 events involved men.",
     [("encounters", 125499, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), "Mexican authorities", "Mexico"),
      ("encounters", 630862, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    ("Agents apprehended 9,000 migrants in April. Roughly 2,000 migrants had tried to push through a roadblock.",
     [("encounters", 9000, "people", None, "exact", D(2024, 4, 1), D(2024, 4, 30), None, None)]),
    # a ratio is a small whole: "in 2023", "in 100 days" and "in two-way trade" are no ratios
    ("Agents made 500 arrests in 100 days.", [("encounters", 500, "people", None, "exact", PUB, PUB, None, None)]),
    ("Roughly $229 billion in two-way trade moved through Laredo in 2018.",
     [("trade_value", 229000000000, "usd", None, "approx", D(2018, 1, 1), D(2018, 12, 31), None, "Laredo")]),
    # a list whose items name only a month: the intro line says what is counted
    ("Border Patrol apprehensions between ports, by month:\n- February: 6,072\n- March: 4,596",
     [("encounters", 6072, "people", None, "exact", D(2024, 2, 1), D(2024, 2, 29), None, None),
      ("encounters", 4596, "people", None, "exact", D(2024, 3, 1), D(2024, 3, 31), None, None)]),
    # more verbs of the kinds: picking up (an arrest), taking back (a return), getting past (a gotaway), street value
    ("Border patrol agents picked up about 6,200 migrants on Monday.",
     [("encounters", 6200, "people", "day", "approx", D(2024, 5, 13), D(2024, 5, 13), None, None)]),
    ("Mexico agreed to keep taking back up to 30,000 people a month.",
     [("removals", 30000, "people", "month", "under", PUB, PUB, None, "Mexico")]),
    ("Officials estimate roughly 599,000 others got past agents undetected in fiscal 2023.",
     [("crossings", 599000, "people", None, "approx", D(2022, 10, 1), D(2023, 9, 30), "Officials", None)]),
    ("CBP put the street value of the load at about $3.5 million.",
     [("seizures", 3500000, "usd", None, "approx", PUB, PUB, "CBP", None)]),
]

NOTHING = [
    "Title 42 ended in May 2023 after three years.",
    "The wall would cover 234 miles of the border.",
    "The bridge was closed for three days.",
    "Thousands of migrants waited in the heat.",
    "About 40% of the migrants were families.",
    "Crossings tripled compared with last year.",
    "A 6-year-old boy was among them.",
    "Encounters were 4,000 more than in November.",
    "The town of 2,500 residents is on the river.",
    "Call 555-867-5309 for details.",
    "Agents rescued 24 migrants from a stash house.",
    "The plant employs 1,300 jobs in Juarez.",
    "The House vote was 215-214.",
    "Fentanyl is roughly 50 times as potent as heroin.",
    "The order applies whenever encounters average more than 2,500 a day.",
    "Most of the 1,000 residents are over 65.",
    "The city of 1.4 million people has only a handful of migrant shelters.",
    "Agents arrested 4,000 more migrants than in March.",
    "The city's shelters had 300 vacancies.",
    "About 5,000 children traveled on their own in April.",
    "The restrictions stay in place until the weekly average of crossings falls below 1,500 a day.",
    # a count this small is a detail of one incident unless it is one day's flow
    "The driver and two other people were arrested near Laredo last month.",
    # a month's item of a list whose intro line is not right above it (a sentence comes between)
    "The city's shelters, a summary:\n\nThe mayor spoke.\n- February: 6,072",
    # ratios, group sizes, ages, a span of years and tariff rates are not figures
    "Nearly nine out of ten of the people arrested in April had a criminal record.",
    "Agents ran into dozens of groups of 100 or more people crossing together this year.",
    "Travelers 18 and older must show proof of vaccination at the bridge.",
    "One in five of the encounters in April involved someone caught before.",
    "Five in 10 migrants arrested in April were adults, and six out of 10 were men.",
    "Encounters were higher this year than in any of the past 20.",
    "Trump promised a 5% levy starting Monday, climbing to 25% by October, unless Mexico slowed crossings.",
    # a condition on a level reached, in the present tense (the past tense tells what happened: see CASES)
    "The deal would let the president shut the border when crossings average 5,000 a day over a week.",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentence_to_metrics(text: str, expected: list[tuple]) -> None:
    assert run(text) == expected


@pytest.mark.parametrize("text", NOTHING)
def test_non_metrics_yield_nothing(text: str) -> None:
    assert run(text) == []


def test_undated_article_keeps_figures_without_periods() -> None:
    assert run("Agents apprehended 2,000 migrants on Monday.", published=None) == [
        ("encounters", 2000, "people", "day", "exact", None, None, None, None)]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The U.S. border saw 1,000 arrests. Sen. Smith spoke in Jan. on the issue.", 2),
        ("No. 2 on the list is Laredo. It moved $300 billion.", 2),
        ("Line one\nLine two. Line three.", 3),
        ("", 0),
    ],
)
def test_sentence_split(text: str, count: int) -> None:
    assert len(sentences(text)) == count


@pytest.mark.parametrize(
    "text",
    [
        "9 " * 2000,
        "agents apprehended 1,000 migrants near El Paso " * 200,  # no sentence end for 9,000 characters
        "$$$ 5% % 3.5.6 1,2,3 -- —— (((12))) \u00a0\u00a0 4 million. 5 billion; 6 trillion",
        "“About 1,000,” he said. ‘Some 2,000’ — and 3,000 more — were held (4,000).",
        "Encounters: 1,200\n- 2,300\n- \n-\n: 4,500",
        "ñandú 1.000 migrantes en Tapachula, según el INM.",
        # long lists and long paragraphs of sourced figures (each item's intro and source found once, not per item)
        "CBP said so.\nBy group:\n" + "- Families: 1,200 encounters in March\n" * 1500,
        "The agency said so. Agents caught 5,000 migrants in March. " * 1500,
    ],
)
def test_odd_text_does_not_break_the_pipeline(text: str) -> None:
    article = Article(id="t", title="", publisher="", published=PUB, url="", text=text)
    for m in extract_metrics(article):
        assert text[m.start:m.end] == m.evidence and m.evidence
