"""Shapes seen in real reports from many provinces (invented names, real places): each test breaks when the
rule that reads the shape breaks."""

from __future__ import annotations

from tests.test_phenomena import posts, run


def orgs(res) -> set[str]:
    return set(res.orgs)


def places(res) -> set[str]:
    return {p.name for p in res.places.values() if p.mentioned}


def test_a_municipality_is_the_shi_of_its_bodies():
    res = run("重庆市老促会召开年会\n重庆市政协原副主席、市老促会会长郁青山出席会议并讲话。")
    assert posts(res) == {("郁青山", "原副主席", "重庆市政协"), ("郁青山", "会长", "重庆市老区建设促进会")}


def test_autonomous_county_and_prefecture_written_short():
    res = run("湖南省老促会召开会议\n湘西州老促会、酉阳县老促会负责人参加会议。")
    assert {"湘西土家族苗族自治州老区建设促进会", "酉阳土家族苗族自治县老区建设促进会"} <= orgs(res)


def test_banner_contraction():
    res = run("兴安盟老促会召开会议\n科右前旗旗委书记栾志刚出席会议。")
    assert ("栾志刚", "书记", "中共科尔沁右翼前旗委") in posts(res)


def test_divisions_listed_before_one_organization():
    res = run("甘肃省老促会调研组来庆阳调研\n调研组听取了华池县、环县、合水县老促会的工作汇报。")
    assert {"华池县老区建设促进会", "环县老区建设促进会", "合水县老区建设促进会"} <= orgs(res)
    assert "环县老区建设促进会" in res.orgs and "环县" not in res.orgs["环县老区建设促进会"].aliases


def test_copula_and_jian_after_a_name_already_read():
    res = run("湖北省红安县老促会召开会员代表大会\n"
              "会议选举祁海生为会长,甘立平为副会长,甘立平兼秘书长。新当选的会长祁海生是县政协原副主席。")
    assert {("祁海生", "原副主席", "红安县政协"), ("甘立平", "秘书长", "红安县老区建设促进会"),
            ("甘立平", "副会长", "红安县老区建设促进会")} <= posts(res)


def test_former_division_name_keeps_the_name_it_had():
    res = run("7月31日,偃师市召开了老区建设促进会二届一次理事会议。\n会议选举侯振宇为会长。")
    assert ("侯振宇", "会长", "偃师市老区建设促进会") in posts(res)
    assert "偃师市" in places(res)


def test_bare_laocu_after_another_areas_bodies_is_that_areas():
    res = run("河北省老促会考察团到湖北学习考察\n咸宁市委书记柯立新致辞,老促会会长蒲天明、副会长喻国华出席座谈会。")
    assert ("蒲天明", "会长", "咸宁市老区建设促进会") in posts(res)
    assert ("喻国华", "副会长", "咸宁市老区建设促进会") in posts(res)


def test_area_only_association_title_is_that_areas_laocu():
    res = run("河北省老促会考察团到湖北学习考察\n湖北省常务副会长兼秘书长柴文远主持座谈会。")
    assert ("柴文远", "常务副会长", "湖北省老区建设促进会") in posts(res)


def test_unknown_body_before_a_title_is_not_the_home_association():
    res = run("聊城市老促会一行到汕尾考察学习\n在红海湾老促会会长阮庆林陪同下参观。")
    assert not any(p[0] == "阮庆林" and "聊城" in p[2] for p in posts(res))


def test_generic_titles_are_not_carried_into_an_association():
    res = run("黄冈市老促会召开研讨会\n市老促会监事长詹卫国,县委常委、组织部部长舒明亮参加活动。")
    assert not any(p[0] == "舒明亮" and "老区建设促进会" in p[2] for p in posts(res))


def test_name_without_han_surname_before_a_verb():
    res = run("兴安盟老促会召开工作会议\n内蒙古自治区老促会副会长巴图孟和出席会议并讲话。")
    assert ("巴图孟和", "副会长", "内蒙古自治区老区建设促进会") in posts(res)


def test_descriptor_list():
    res = run("卢龙县老促会召开换届大会\n县领导邬晓东、缪立华、褚倩参加会议。")
    assert {"邬晓东", "缪立华", "褚倩"} <= set(res.persons)


def test_main_event_from_the_first_body_sentence():
    res = run("4月17日,福建省老区建设促进会成立30周年座谈会在福州举行。省老促会会长甄宏远出席。", date="2024-04-20")
    main = res.events[0]
    assert "成立30周年座谈会" in main.name and main.start == "2024-04-17" and main.place.name == "福州市"


def test_events_named_in_passing():
    res = run(HEAD_DABU + "7月12日,县老促会在湖寮镇召开第三季度工作推进会。2023年8月在百侯镇举办了老区特色农产品产销对接会。",
              date="2024-07-20")
    by_name = {e.name: e for e in res.events}
    assert by_name["第三季度工作推进会"].start == "2024-07-12"
    assert by_name["第三季度工作推进会"].organizer.name == "大埔县老区建设促进会"
    assert by_name["老区特色农产品产销对接会"].start == "2023"


HEAD_DABU = "大埔县老促会召开工作会议\n"


def test_townships_and_villages_not_in_the_lexicon():
    res = run("黑龙江省佳木斯市老促会调研\n调研组赴桦川县星火朝鲜族乡考察,又到香兰镇红星村水稻种植基地。")
    assert {"星火朝鲜族乡", "红星村"} <= places(res)
    assert (res.places["星火朝鲜族乡"].level, res.places["星火朝鲜族乡"].parent) == ("township", "桦川县")
    assert (res.places["红星村"].level, res.places["红星村"].parent) == ("village", "香兰镇")


def test_generic_zones_are_not_places():
    res = run("广元市老促会召开会议\n与会人员参观了工业园区和经济开发区。")
    assert not {"工业园区", "经济开发区"} & places(res)


def test_our_county_named_only_by_its_short_form():
    res = run("全市老促会系统研讨交流会在我县召开\n黄冈市老促会主办的研讨会在我县召开,县委常委、组织部部长姬明远,"
              "县老促会会长荀德厚参加活动,对英山这片红色热土表示关心。")
    assert {("姬明远", "常委", "中共英山县委"), ("姬明远", "部长", "中共英山县委组织部"),
            ("荀德厚", "会长", "英山县老区建设促进会")} <= posts(res)


def test_one_title_over_two_bodies():
    res = run("中国老促会调研组来延安调研\n在市老促会、市乡村振兴协会会长钮一霄陪同下调研。")
    assert {("钮一霄", "会长", "延安市老区建设促进会"), ("钮一霄", "会长", "延安市乡村振兴协会")} <= posts(res)


def test_units_named_after_their_body():
    res = run("重庆市老促会召开理事会\n原市扶贫办主任、市政协常委兼农村工作委员会主任宓昌安,中国老促会会员管理部部长巩学文出席。")
    assert {("宓昌安", "原主任", "重庆市扶贫开发办公室"), ("宓昌安", "常委", "重庆市政协"),
            ("宓昌安", "主任", "重庆市政协农村工作委员会"),
            ("巩学文", "部长", "中国老区建设促进会会员管理部")} <= posts(res)
    assert res.orgs["重庆市政协农村工作委员会"].parent == "重庆市政协"


def test_discipline_commission_and_comrade_before_the_list_verb():
    res = run("安康市老促会召开第三届会员代表大会\n市委常委、市纪委书记毋沐明出席会议。大会同意增补谌昌渠同志为老促会理事。")
    assert {("毋沐明", "常委", "中共安康市委"), ("毋沐明", "书记", "中共安康市纪委"),
            ("谌昌渠", "理事", "安康市老区建设促进会")} <= posts(res)


def test_county_lists_across_cities_and_a_city_glued_to_its_county():
    res = run("湖南省老促会召开常务理事会\n促使平江、浏阳、醴陵、攸县等老区加快发展。会议传达了在浙江省宁波余姚市召开的会议精神。")
    assert {"平江县", "浏阳市", "醴陵市", "攸县", "宁波市", "余姚市"} <= places(res)


def test_township_written_with_its_suffix_twice():
    res = run("陕西省延安市老促会调研\n调研组到宝塔区临镇镇进行调研。")
    assert any(p.level == "township" and "临镇镇" in ({p.name} | p.aliases) for p in res.places.values())


def test_event_after_the_posting_date_was_the_year_before():
    res = run("广东省老促会会长座谈会在大埔召开\n\n2020-04-28 12:22某某\n\n"
              "12月24至25日,广东省老区建设促进会会长座谈会在梅州市大埔县召开。")
    assert res.extraction.date == "2020-04-28"
    assert (res.events[0].start, res.events[0].end) == ("2019-12-24", "2019-12-25")
    assert "year before" in res.events[0].date_inference


def test_quoted_surveys_and_censuses_are_events():
    res = run(HEAD_DABU + "2023年,县老促会组织开展了“东北抗联红色资源普查”。8月5日,调研组围绕“红色交通线沿线村庄振兴发展”开展专题调研。",
              date="2024-09-01")
    names = {e.name for e in res.events}
    assert "东北抗联红色资源普查" in names
    assert "“红色交通线沿线村庄振兴发展”专题调研" in names


def test_two_days_written_with_a_list_mark():
    res = run("河南省老促会调研组到驻马店调研\n2013年7月9、10日,河南省老促会调研组到驻马店市调研。")
    assert (res.events[0].start, res.events[0].end) == ("2013-07-09", "2013-07-10")


def test_a_bare_title_after_a_list_verb_is_not_the_association_s():
    """为主任 names no body: not the 老促会 holding the meeting (only 为理事会顾问, 为老促会理事 do)."""
    res = run(HEAD_DABU + "会议聘请池立德为主任,聘请郁青山为第二届理事会顾问。")
    assert not any(p[0] == "池立德" for p in posts(res))
    assert ("郁青山", "顾问", "大埔县老区建设促进会") in posts(res)


def test_elected_as_the_new_president_of_the_body():
    res = run("重庆市老促会召开第二届理事会\n大会选举蒲远山同志为第二届市老促会的新会长。会议选举向明月为新秘书长。")
    assert posts(res) == {("蒲远山", "会长", "重庆市老区建设促进会"), ("向明月", "秘书长", "重庆市老区建设促进会")}


def test_quoted_awards_before_their_holder():
    res = run("长汀县老促会开展春节慰问\n2023年1月10日,慰问组看望了“全国减贫贡献奖”、“全国老区建设突出贡献奖”获得者、"
              "长汀县老促会原会长俞振华,以及“全国劳动模范”获得者谢春来。")
    assert {(a.title, a.recipient) for a in res.awards} == {
        ("全国减贫贡献奖", "俞振华"), ("全国老区建设突出贡献奖", "俞振华"), ("全国劳动模范", "谢春来")}
    assert ("俞振华", "原会长", "长汀县老区建设促进会") in posts(res)
    assert "谢春来" in res.persons


def test_older_and_newer_names_of_the_association():
    res = run("湖南省革命老根据地经济开发促进会召开常务理事会\n省老促会理事长石青云主持会议。")
    assert ("石青云", "理事长", "湖南省老区建设促进会") in posts(res)
    assert "湖南省革命老根据地经济开发促进会" in res.orgs["湖南省老区建设促进会"].aliases
    res = run("徐州市老区建设与乡村发展促进会召开理事会\n市老促会会长邢远图讲话。")
    assert ("邢远图", "会长", "徐州市老区建设促进会") in posts(res)


def test_political_and_legal_affairs_committee_titles():
    res = run("湖南省老促会召开座谈会\n省委政法委常务副书记龙海川、邵阳市委政法委书记伍成钢出席会议。")
    assert posts(res) == {("龙海川", "常务副书记", "中共湖南省委政法委"), ("伍成钢", "书记", "中共邵阳市委政法委")}


def test_a_publisher_named_by_its_title():
    res = run("福建省老促会召开座谈会\n省老促会执行会长叶顺良,《红土地》杂志社主编卓一鸣出席会议。")
    assert ("卓一鸣", "主编", "《红土地》杂志社") in posts(res)
    assert "《红土地》杂志社" in res.orgs


def test_a_bureau_inside_a_bureau():
    res = run("重庆市老促会召开理事会\n市民政局民间组织管理局局长刘韵华讲话。")
    assert posts(res) == {("刘韵华", "局长", "重庆市民政局民间组织管理局")}


def test_a_site_in_a_list_whatever_its_words():
    res = run("英山县老促会召开研讨会\n与会人员参观了杨柳湾镇锣响坳村美丽村庄建设、毕昇纪念园、"
              "大别山革命历史文化陈列馆等地。")
    written = {a for p in res.places.values() if p.mentioned for a in p.aliases | {p.name}}
    assert {"毕昇纪念园", "大别山革命历史文化陈列馆", "锣响坳村"} <= written  # (canonical: 毕升纪念园, OpenCC's t2s)


def test_a_chain_goes_on_past_a_body_the_lexicon_does_not_know():
    res = run("全国部分市(州)老促会工作交流会在旺苍县召开\n中国老促会副秘书长、老区精神研究会副主任、军事医学科学院九所原政委"
              "柴立川出席会议。中国老促会老区精神研究会第一副主任、北京军区政治部原副主任、少将甄万山出席会议。")
    assert {("柴立川", "副秘书长", "中国老区建设促进会"), ("甄万山", "第一副主任", "中国老区建设促进会老区精神研究会")
            } <= posts(res)
    assert not any(p[1] == "少将" for p in posts(res))  # a rank, of no body


def events(res) -> dict[str, tuple]:
    return {e.name: (e.kind, e.start, e.organizer.name if e.organizer else None) for e in res.events}


def test_surveys_and_visits_in_the_lead_sentence():
    res = run("灵寿县黑山村迎来调研组\n3月18日,阳光明媚。河北省老区建设促进会会长甘文涛、副会长田一军到灵寿县慈峪镇革命老区重点村黑山进行调研,"
              "并实地考察了援建项目。")
    assert events(res) == {"河北省老区建设促进会到灵寿县慈峪镇革命老区重点村黑山调研":
                           ("survey", "--03-18", "河北省老区建设促进会")}
    res = run("老区振兴在行动\n4月12日,省老促会第一副会长刘新民率调研组,到荆州市调研马山革命老区乡村振兴建设工作。", date="2022-05-01")
    assert events(res) == {"省老促会到荆州市调研马山革命老区乡村振兴建设工作": ("survey", "2022-04-12", "湖北省老区建设促进会")}
    res = run("冬日送温情\n1月26日,忻府区老促会会长张立祥在革命老区村官庄村、肖家山村访贫问寒,慰问扶贫户。")
    assert [e.kind for e in res.events] == ["survey"] and "访贫问寒" in res.events[0].name


def test_an_activity_the_association_holds():
    res = run("情系老区\n1月15日,县人大原主任、襄城县老促会会长王立明带领县老促会全体人员在大营北村开展关爱老区的送温暖活动。")
    assert events(res) == {"送温暖活动": ("survey", "--01-15", "襄城县老区建设促进会")}
    res = run("南平市老促会、老区办联合举办建瓯“苏区行”活动\n2月27至28日,南平市老促会、南平市民政局联合在建瓯市举办“苏区行”活动。",
              date="2023-03-20")
    assert any("苏区行" in e.name and e.start == "2023-02-27" for e in res.events)


def test_list_of_names_then_their_count_and_title():
    res = run("广东省老促会会长座谈会在惠州召开\n11月6日,座谈会在惠州市举行,省老促会新一届会长陈开明、常务副会长林华光,"
              "还有方定贵、李小川、莫定远等十位副会长出席。")
    assert posts(res) == {("陈开明", "会长", "广东省老区建设促进会"), ("林华光", "常务副会长", "广东省老区建设促进会"),
                          ("方定贵", "副会长", "广东省老区建设促进会"), ("李小川", "副会长", "广东省老区建设促进会"),
                          ("莫定远", "副会长", "广东省老区建设促进会")}


def test_reelected_executive_titles_and_verbs_read_as_names():
    res = run("临县老促会召开第六次会员大会\n会议选举产生了新一届老促会班子,渠文亮继续当选第六届老促会会长。")
    assert posts(res) == {("渠文亮", "会长", "临县老区建设促进会")}
    res = run("南通市老促会获表彰\n南通市老区开发建设促进会荣获宣传特等奖。南通市老促会执行理事长王乃松在大会上领奖。")
    assert set(res.persons) == {"王乃松"}  # not 荣获 (jieba's dictionary tags it as a name)
    assert posts(res) == {("王乃松", "执行理事长", "南通市老区建设促进会")}


def test_two_titles_joined_by_jian_are_no_organization():
    res = run("聊城市老促会到台前县参观学习\n在濮阳市老促会副会长兼秘书长杨炳辉、副秘书长兼办公室主任付新华等陪同下参观。")
    assert not any("兼" in o for o in res.orgs)
    assert ("杨炳辉", "秘书长", "濮阳市老区建设促进会") in posts(res)


def test_site_lists_drop_motion_verbs_and_village_descriptors():
    res = run("南通市老促会参加全国会议\n会议期间,与会人员先后赴延安革命纪念馆、杨家岭七大会址参观。与会人员参观了位于旺苍县木门会议旧址。"
              "忻府区老促会会长张立祥在革命老区村官庄村、肖家山村访贫问寒。")
    assert {"延安革命纪念馆", "杨家岭七大会址", "官庄村", "肖家山村"} <= places(res)
    assert not any(p.startswith(("赴", "到", "位于", "革命老区")) for p in places(res))


def test_a_village_written_with_and_without_its_people():
    res = run("汝城县老促会组织现场教学\n11日,学员们前往文明瑶族乡沙洲瑶族村开展现场教学。在沙洲村,学员们聆听了感人故事。")
    assert "沙洲瑶族村" in places(res) and "沙洲村" not in res.places
    assert "沙洲村" in res.places["沙洲瑶族村"].aliases


def test_the_association_s_office_and_more_kinds_of_bodies():
    res = run("河北省老促会到灵寿县调研\n河北省老区建设促进会会长甘文涛、副秘书长杨广成、办公室主任杨普林到灵寿县调研。"
              "南平市慈善总会监事长吴发明、松溪县史志办主任王思远陪同。")
    assert {("杨普林", "主任", "河北省老区建设促进会办公室"), ("吴发明", "监事长", "南平市慈善总会"),
            ("王思远", "主任", "松溪县史志办")} <= posts(res)


def test_a_date_that_lost_its_month_character():
    from laocu_kg.extract.dates import find_dates

    assert [(d.month, d.day) for d in find_dates("临县老促会于今年819日召开了培训会。热情似火。727日,调研组到沂南。")] == \
        [(8, 19), (7, 27)]
    assert find_dates("共计120日") == [] and find_dates("第100日") == []


def test_a_word_after_a_name_and_its_title_is_no_name():
    res = run("河北省老促会到黑山村调研\n3月18日,姜德林会长充分肯定了黑山村人民做出的贡献。姜德林会长高兴地说。")
    assert set(res.persons) == {"姜德林"}


def test_a_bare_county_title_after_the_county_the_sentence_names():
    res = run("聊城市老促会一行到长清、台前和费县参观学习\n27日,一行参观了大峰山革命根据地纪念馆。28日,一行到临沂市费县参观。"
              "一行又参观了孟良崮纪念馆。一行还参观了沂蒙红嫂纪念馆。会议期间交流了经验。"
              "29日,荣向东会长一行到河南省濮阳市台前县参观学习,在县长李志强、县委副书记孙永胜陪同下参观。")
    assert ("李志强", "县长", "台前县人民政府") in posts(res)  # (县委 still goes to the report's county: not yet)
    assert "台前县" in places(res)


def test_a_military_subdistrict_written_bare_after_the_city_committee():
    res = run("山东省老促会到沂南县调研\n7月27日,调研组到沂南县调研。临沂市委常委、军分区司令员王秀强陪同调研。")
    assert posts(res) == {("王秀强", "常委", "中共临沂市委"), ("王秀强", "司令员", "临沂军分区")}


def test_the_city_s_counties_listed_by_short_forms_only():
    res = run("南通市老促会获表彰\n10月18日,南通市老区开发建设促进会荣获宣传特等奖。海门、通州、海安、启东也荣获特等奖。")
    assert {"海门区", "通州区", "海安市", "启东市"} <= places(res)


def test_a_bare_jiedao_is_no_place():
    res = run("河北省老促会到灵寿县调研\n3月18日,调研组到灵寿县慈峪镇黑山村调研。黑山村整治环境、硬化街道、改造厕所。")
    assert "街道" not in res.places and not any("唐山" in p for p in res.places)


def test_more_kinds_of_sites():
    res = run("尧都区老促会召开现场会\n与会人员参观了张振海烈士墓、屯里镇党史馆和恒山湖湿地公园。")
    assert {"张振海烈士墓", "屯里镇党史馆", "恒山湖湿地公园"} <= places(res)


def test_a_body_then_its_abbreviation_note_then_the_title():
    res = run("中国老促会调研组到河北调研\n河北省老区建设促进会(以下简称省老促会)副会长王大明陪同调研。")
    assert ("王大明", "副会长", "河北省老区建设促进会") in posts(res)


def test_a_lead_clause_is_a_survey_only_when_a_delegation_or_the_association_makes_it():
    from laocu_kg.extract.events import parse_lead

    assert parse_lead("县老促会会长率调研组到某村调研").kind == "survey"
    assert parse_lead("某县率先到各村走访") is None and parse_lead("村民在村里走访") is None


def test_a_title_then_jian_then_a_unit_of_the_listed_association():
    res = run("聊城市老促会到台前县参观学习\n在濮阳市老促会副会长兼秘书长杨炳安、副秘书长兼办公室主任付新明等陪同下参观。")
    assert {("付新明", "副秘书长", "濮阳市老区建设促进会"), ("付新明", "主任", "濮阳市老区建设促进会办公室")} <= posts(res)
