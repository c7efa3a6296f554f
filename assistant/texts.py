"""Shared user-facing wording of the engine and channels, in one place for review.

Questions of a flow live in that flow's declaration, next to the rule they serve.
"""

WELCOME_INTRO = "我是“有事来协商”协商助手，协助政协委员和工作人员做好协商议事的各个环节。我可以帮您："
WELCOME_FOOTER = "发送上面括号中的指令即可开始；随时发送 /help 查看帮助，/cancel 取消当前事项。"
WELCOME_NEEDS_PROFILE = "首次使用，请先发送 /profile 登记个人信息。"
IDLE_TEXT = "请先选择要办理的事项（回复编号即可）："
RESUMED = "欢迎回来！您上次正在办理「{title}」，已填写的内容均已保存，我们从中断的地方继续。"

HELP_TITLE = "可用指令："
HELP_IN_FLOW = "您正在办理「{title}」。\n当前问题：{question}"
HELP_FLOW_COMMANDS = "办理过程中可发送：/back 返回上一步，/skip 跳过选填项，/cancel 取消本事项。"
HELP_GENERAL = [
    "/join 邀请码 — 使用管理员发放的邀请码获得相应身份",
    "/help — 查看本帮助",
    "/cancel — 取消当前事项",
    "/back — 返回上一步",
]

INTERNAL_ERROR = "抱歉，系统处理时出现内部错误，已记录在日志中。您刚才这条消息未能处理，请稍后重新发送；此前已填写的内容均已保存。"
MESSAGE_TOO_LONG = "消息过长（共 {n} 字），超过单条 {limit} 字的上限，未予处理。请精简或分段后重新发送，长篇材料请以文件形式上传。"
STALE_BUTTON = "该按钮已失效（对应的问题已经回答或已取消），请按当前问题作答。"
UNKNOWN_COMMAND = "未识别的指令“/{name}”。发送 /help 可查看全部可用指令。"
BUSY_IN_FLOW = "您正在办理「{title}」，请先完成，或发送 /cancel 取消后再办理其他事项。"
FLOW_SUSPENDED = "「{title}」已暂存，已填写的内容不会丢失；「{other}」办完或取消后，将回到「{title}」继续。"
FLOW_RESUMING = "继续办理「{title}」，此前填写的内容均已保留："
ALREADY_IN_FLOW = "您正在办理「{title}」，已填写的内容均已保留。如需从头重新填写，请先发送 /cancel。"
ANSWERED_AS_QUESTION = "（以上按政策问答作答。办理议题、调研、议程等事项，请发送 /help 查看指令。）"
NOTHING_TO_CANCEL = "当前没有正在办理的事项，无需取消。发送 /help 查看可用指令。"
NOT_IN_FLOW = "当前没有正在办理的事项。发送 /help 查看可用指令。"
CANCELLED = "已取消「{title}」，本次填写的内容未保存。发送 /help 查看可用指令。"
CANCELLED_SHORT = "已取消「{title}」，本次填写的内容未保存。"
AT_FIRST_STEP = "已经是第一个问题了。"
WENT_BACK = "已返回上一步，请重新回答："
CANNOT_SKIP = "此项为必填项，不能跳过。"
OPTIONAL_HINT = "（此项选填，可发送 /skip 跳过）"
UPLOAD_WITHOUT_FLOW = "收到文件。当前没有需要文件的事项，请先选择要办理的事项。"
UPLOAD_NOT_EXPECTED = "此处不需要上传文件，请直接回复文字。"

EMPTY_ANSWER = "内容不能为空，请重新输入。"
ANSWER_TOO_LONG = "内容过长（共 {n} 字），此项最多 {limit} 字，请精简后重新输入。"
CHOICE_GONE = "该选项已不在当前列表中（列表可能已更新），请从下方重新选择。"
CHOICE_EXPECTED = "请回复选项编号（1–{n}），或点选下方按钮。"
SUGGESTION_NUMBER_OUT_OF_RANGE = "没有第 {number} 项（可选 1–{n}）。请回复列出的编号，或直接输入内容。"
YES_NO_EXPECTED = "请回复“是”或“否”。"
INTEGER_EXPECTED = "请输入一个数量，例如“486”“约480户”或“四百多户”。"
TIME_MISSING = "请写明具体时间，例如“12月20日下午2点”“下周三下午”或“2026-12-20 14:30”。"
DATETIME_EXPECTED = "日期时间格式不正确，请按“12月20日下午2点”“明天上午十点”“下周三下午”或“2026-12-20 14:30”的形式输入。"
DATE_EXPECTED = "日期格式不正确，请按“2026-12-05”“12月5日”“明天”“下周五”或“月底”的形式输入。"

JOIN_USAGE = "请在 /join 后输入邀请码，例如：/join ABCD2345"
JOINED = "邀请码验证成功，您已获得“{role}”身份。"
JOINED_NEEDS_PROFILE = "请发送 /profile 登记姓名和所在单位。"
NEEDS_PROFILE = "请先发送 /profile 登记个人信息（姓名、所在单位），再办理此事项。"
NOT_ADMITTED = "您尚未获得相应的使用权限。请向政协办公室索取邀请码，然后发送 /join 邀请码。目前您可以使用：{usable}，例如 /ask 县里一年要开几次协商会？"
