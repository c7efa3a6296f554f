import json
D = "qinglanxian-xieshang-chengguo-zhuanhua-duban.txt"
S = "deyang-2021-19-youshilaixieshang.txt"
def q(text, doc, clause, facts, kind, also=()):
    return {"q": text, "doc": doc, "clause": clause, "also": list(also), "facts": facts, "kind": kind}
qs = [
 q("青岚那个成果转化督办办法的文号是啥", D, "header", ["青政协发〔2026〕7号"], "document"),
 q("协商成果督办办法是哪几家联合下发的？落款是哪天", D, "header", ["中共青岚县委办公室", "青岚县人民政府办公室", "2026年3月18日"], "document"),
 q("督办办法从哪天开始算数 2019年那个暂行规定还管用不", D, "第二十三条", ["2026年4月1日起施行", "同时废止"], "document"),
 q("我们专委会把协商报告写好了，先交给谁把关，最后谁来定稿？", D, "第五条", ["县政协分管副主席审核", "县政协主席会议审定"], "who"),
 q("报告送上去快一个月了领导那边一直没个态度 这种情况我们该咋办", D, "第六条", ["30日内", "当面沟通"], "how"),
 q("成果被领导采纳以后，几天之内会派到具体部门手上？", D, "第七条", ["3个工作日内", "《协商成果交办单》"], "time"),
 q("我们单位只是配合的，要多长时间给牵头单位回个书面意见", D, "第七条", ["10个工作日内", "书面意见"], "time"),
 q("交过来的事我们觉得根本不归我们局管，能推回去吗？有没有时间限制", D, "第八条", ["5个工作日内", "视为接受交办"], "condition"),
 q("已经在打官司的事 还走协商成果督办这一套吗", D, "第二条", ["诉讼、仲裁或者行政复议程序"], "condition"),
 q("督办办法里说的“协商成果”具体包括哪几种材料？", D, "第二条", ["协商报告、协商纪要和专题建议"], "what"),
 q("交办下来的事一般给多久办完？实在办不完最多能往后拖多久", D, "第九条", ["3个月内办结", "不超过2个月"], "time"),
 q("答复函里写个C类是啥意思", D, "第十条", ["暂时不能解决", "详细说明理由"], "what"),
 q("办理结果出来后测评分几档？要是被打了不满意怎么弄", D, "第十一条", ["三个等次", "1个月内重新办理"], "count"),
 q("After a department sends its written reply, within how many working days is the satisfaction rating organised in Qinglan, and who does the rating?", D, "第十一条", ["15个工作日内", "政协委员和群众代表"], "english"),
 q("办好的结果要不要对外公开 挂出来至少放几天", D, "第十二条", ["20个工作日内", "不少于7天"], "time"),
 q("县政协重点督半一年最多挑几件事", D, "第十三条", ["不超过5件"], "count"),
 q("接到督办通知以后几天内得交书面进展？", D, "第十四条", ["7个工作日内"], "time"),
 q("快到期了还没办完会有人提醒吗，真超期了又会怎么样", D, "第十五条", ["提醒函", "催办函", "约谈承办单位分管负责人"], "how"),
 q("成果办理情况多久通报一回", D, "第十六条", ["每半年"], "count"),
 q("单位有哪些情况会在通报里被点名？", D, "第十六条", ["无正当理由逾期未答复", "连续两次测评为不满意"], "condition"),
 q("协商成果办得好不好在年底绩效考核里占多大比重", D, "第十八条", ["40%"], "share"),
 q("考核那块满意度占几成？按时答复又占多少", D, "第十八条", ["满意度测评占30%", "按时答复占25%"], "share"),
 q("督办要用的经废从哪出", D, "第二十条", ["县政协年度部门预算"], "what"),
 q("乡镇政协工委隔多久要给县政协报一次成果办理情况", D, "第二十一条", ["每季度"], "count"),
 q("部门里头要落实几个人专门管这个事？联络员换人了要不要报", D, "第四条", ["1名分管负责人和1名联络员", "5个工作日内"], "who"),
 # shipped policy
 q("县政协通过有事来协商平台一年最少要组织几回协商活动", S, "三、（八）", ["每年不少于4次"], "count"),
 q("没做调研能不能直接开协商会？", S, "三、（五）", ["不调研不协商"], "condition"),
 q("村里没有专门的协商室 是不是得新建一个", S, "三、（三）", ["一室多用", "党群服务中心"], "how"),
 q("协商议题选出来以后一般要谁拍板", S, "三、（四）", ["同级党组织审定"], "who", also=["四、（一）"]),
 q("有事来协商平台建设这块主要由谁来扛责任？", S, "四、（一）", ["区（市、县）政协党组"], "who"),
 q("政协组织的协商跟村里社区自己搞的协商 怎么分清楚不越界", S, "一、（二）", ["到位不越位、融合不替代"], "what"),
 q("德阳那个推动有事来协商平台建设的实施意见是哪天印发的，哪几家发的", S, "header", ["2021年7月16日", "政协德阳市委办公室"], "document"),
 q("According to the Deyang implementation opinions, what kind of liaison body should a county CPPCC set up in each township or street?", S, "三、（一）", ["政协工作委员会或委员履职小组"], "english"),
 q("有事来协商平台主要是干啥的 主业是什么", S, "三、（二）", ["协商议事、凝聚共识"], "what"),
 q("协商会上有老百姓想不通、一直唱反调，会后要怎么处理？", S, "三、（七）", ["及时做好解释说明工作"], "how"),
]
oos = [
 "政协委员参加一次有事来协商活动能领多少误工补贴？",
 "县政协委员一届任期是几年，能连任几届",
 "“青岚政协”公众号登录不上去，一直提示密码错误怎么办",
 "《中华人民共和国村民委员会组织法》第二十四条是怎么规定的",
 "乡镇建一个协商议事室，县里给补助多少钱",
 "去年全县一共开展了多少场有事来协商活动",
 "政协委员年度履职积分是怎么算的 协商活动加几分",
 "委员生病了参加不了协商会，要找谁请假走什么手续",
]
about = ("Independent held-out set written in one sitting by a data-writer helper session that had read only the task brief and the shipped "
         "policy deyang-2021-19-youshilaixieshang.txt (no product code, glossary, tests or earlier evaluation sets). The writer authored one "
         "fictional county document (青岚县政协“有事来协商”协商成果转化督办办法, 青政协发〔2026〕7号, 23 articles in 6 chapters) and then wrote "
         "35 chat-style questions (25 on the county document, 10 on the shipped policy) with gold clause labels and verbatim key facts, plus 8 "
         "plausible out-of-scope questions. Nine county-document questions deliberately touch subjects the shipped policy also mentions "
         "(成果定义/公开/考核/经费/督促/乡镇工委/发文单位) so that only the right document answers them. check.py verifies labels and facts. "
         "Held-out: never used for tuning.")
out = {"about": about, "documents": [S, D], "questions": qs, "out_of_scope": oos}
json.dump(out, open("/work/data/qa_eval4/a/heldout.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(len(qs), len(oos))
